import { describe, expect, it } from 'vitest';
import { people, phoneOf, world } from './world.js';

describe('the runtime, outcome by outcome', () => {
  it('texts one recipient per gap, inside the window, with the rendered message', async () => {
    const w = await world();
    await w.addList('l1', people(3));
    await w.advanceMinutes(1);
    expect(w.sentTo()).toEqual([`${phoneOf(0)}@14:00:00`, `${phoneOf(1)}@14:01:00`]);
    await w.advanceMinutes(10);
    expect(w.provider.messages().map((m) => m.body)).toEqual(['Hi P0', 'Hi P1', 'Hi P2']);
    expect(await w.runtime.listStatus('l1')).toMatchObject({ status: 'completed', completion: 'all_contacted', sent: 3, total: 3 });
    await w.shutDown();
  });

  it('marks a permanently refused recipient failed and never retries it', async () => {
    const w = await world({ provider: { permanentNumbers: new Map([[phoneOf(0), 'invalid_number']]) } });
    await w.addList('l1', people(2));
    await w.advanceMinutes(60);
    expect(await w.state('l1', 0)).toBe('failed');
    expect(w.sentTo()).toEqual([`${phoneOf(1)}@14:01:00`]);
    expect((await w.store.timeline(phoneOf(0))).map((e) => e.type)).toEqual(['refused']);
    await w.shutDown();
  });

  it('takes no daily-limit unit for a refusal', async () => {
    const w = await world({ campaign: { dailyLimit: 2 }, provider: { permanentNumbers: new Map([[phoneOf(0), 'invalid_number']]) } });
    await w.addList('l1', people(4));
    await w.advanceMinutes(8 * 60);
    expect(w.sentTo()).toEqual([`${phoneOf(1)}@14:01:00`, `${phoneOf(2)}@14:02:00`]);
    await w.shutDown();
  });

  it('opts a phone out everywhere when the provider says it unsubscribed', async () => {
    const w = await world({ provider: { permanentNumbers: new Map([[phoneOf(0), 'opted_out']]) } });
    await w.addList('l1', people(1));
    await w.advanceMinutes(1);
    expect(await w.state('l1', 0)).toBe('opted_out');
    expect(await w.store.isOptedOut(phoneOf(0))).toBe(true);
    await w.shutDown();
  });

  it('halts the campaign on a refusal of its own configuration, leaving the recipient pending', async () => {
    const w = await world();
    w.provider.failNext({ kind: 'permanent', scope: 'campaign', reason: 'configuration', code: '21606', message: 'The From number is not yours' });
    await w.addList('l1', people(3));
    await w.advanceMinutes(60);
    expect(w.sentTo()).toEqual([]);
    expect(await w.state('l1', 0)).toBe('pending');
    expect(w.runtime.halts()).toMatchObject([{ campaignId: 'c1', code: '21606' }]);
    expect((await w.store.campaign('c1'))?.halted?.code).toBe('21606');
    // Nothing more can happen, yet the list can never end: it is reported in progress, not done.
    expect(await w.runtime.listStatus('l1', null)).toMatchObject({ status: 'in_progress', completedAt: null });
    await w.shutDown();
  });

  it('retries a transient refusal later, with backoff, without a daily-limit unit', async () => {
    const w = await world({ campaign: { dailyLimit: 2 } });
    w.provider.failNext({ kind: 'transient', code: '503', message: 'Service unavailable' });
    await w.addList('l1', people(2));
    await w.clock.advanceBy(30_000);
    expect(await w.state('l1', 0)).toBe('pending');
    await w.advanceMinutes(5);
    // The retry waits half a minute to a minute; at 14:01 it is eligible again and first in file order.
    expect(w.sentTo()).toEqual([`${phoneOf(0)}@14:01:00`, `${phoneOf(1)}@14:02:00`]);
    expect(await w.store.retriesOf('l1', 0)).toBe(1);
    expect(await w.runtime.listStatus('l1')).toMatchObject({ sent: 2, status: 'completed' });
    await w.shutDown();
  });

  it('gives up on a recipient after too many transient refusals', async () => {
    const w = await world();
    for (let i = 0; i < 20; i += 1) w.provider.failNext({ kind: 'transient', code: '429', message: 'Too many requests' });
    await w.addList('l1', people(1));
    await w.advanceMinutes(5 * 24 * 60);
    expect(await w.state('l1', 0)).toBe('failed');
    expect(await w.store.retriesOf('l1', 0)).toBe(8);
    await w.shutDown();
  });

  it('reconciles an ambiguous send the provider did take, and does not send it again', async () => {
    const w = await world();
    w.provider.failNext({ kind: 'ambiguous', message: 'timed out' }, { taken: true });
    await w.addList('l1', people(2));
    await w.advanceMinutes(60);
    expect(await w.state('l1', 0)).toBe('sent');
    expect(w.sentTo().filter((s) => s.startsWith(phoneOf(0)))).toHaveLength(1);
    await w.shutDown();
  });

  it('puts an ambiguous send the provider has no record of back to pending once the acceptance window has passed', async () => {
    const w = await world({ campaign: { dailyLimit: 2 } });
    w.provider.failNext({ kind: 'ambiguous', message: 'timed out' });
    await w.addList('l1', people(3));
    await w.advanceMinutes(8 * 60);
    // Asked at 14:00, the provider knew nothing; the runtime waited out the two-minute window and
    // asked again. The attempt took its throttle slot but no daily-limit unit: two sends fit today.
    expect(await w.state('l1', 0)).toBe('sent');
    expect(w.sentTo()).toEqual([`${phoneOf(0)}@14:02:00`, `${phoneOf(1)}@14:03:00`]);
    expect(await w.store.retriesOf('l1', 0)).toBe(1);
    await w.shutDown();
  });

  it('leaves an ambiguous send unknown when the provider cannot even be asked', async () => {
    const w = await world();
    w.provider.failNext({ kind: 'ambiguous', message: 'timed out' }, { taken: true });
    w.provider.findMessages = async () => {
      throw new Error('503 while listing');
    };
    await w.addList('l1', people(2));
    await w.advanceMinutes(5);
    expect(await w.state('l1', 0)).toBe('unknown');
    expect(w.sentTo().filter((s) => s.startsWith(phoneOf(0)))).toHaveLength(1);
    await w.shutDown();
  });

  it('halts the campaign when a delivery callback blames its configuration', async () => {
    const w = await world();
    await w.addList('l1', people(3));
    await w.advanceMinutes(0);
    // What a Twilio callback for a sender-side error (30007, filtered) looks like once read.
    w.provider.report({ type: 'status', providerId: 'SM1', status: 'undelivered', at: w.clock.now(), errorCode: '30007', errorScope: 'campaign' });
    await w.advanceMinutes(60);
    expect(w.sentTo()).toEqual([`${phoneOf(0)}@14:00:00`]);
    expect(w.runtime.halts()).toMatchObject([{ code: '30007' }]);
    // The message was already delivered: the late callback halts sending but rewrites nothing.
    expect((await w.store.timeline(phoneOf(0))).map((e) => (e.type === 'status' ? e.status : e.type))).toEqual(['outbound', 'sent', 'delivered']);
    await w.shutDown();
  });

  it('treats a send that threw as ambiguous', async () => {
    const w = await world();
    const send = w.provider.send.bind(w.provider);
    let calls = 0;
    w.provider.send = async (sms, signal) => {
      calls += 1;
      if (calls === 1) throw new Error('socket hang up');
      return send(sms, signal);
    };
    await w.addList('l1', people(2));
    await w.advanceMinutes(5);
    // Reconciled, not failed: the provider had no record of it after the window, so it went again.
    expect(w.sentTo()).toEqual([`${phoneOf(0)}@14:02:00`, `${phoneOf(1)}@14:03:00`]);
    expect([await w.state('l1', 0), await w.state('l1', 1)]).toEqual(['sent', 'sent']);
    await w.shutDown();
  });
});

describe('the runtime, with customers', () => {
  it('never hands an opted-out phone to the provider, and texts it again after START', async () => {
    const w = await world();
    w.provider.receive(phoneOf(0), 'stop');
    await w.advanceMinutes(0);
    await w.addList('l1', people(2));
    await w.advanceMinutes(5);
    expect(w.sentTo()).toEqual([`${phoneOf(1)}@14:00:00`]);
    expect(await w.state('l1', 0)).toBe('opted_out');
    w.provider.receive(phoneOf(0), 'START');
    await w.advanceMinutes(0);
    await w.addList('l2', people(1));
    await w.advanceMinutes(5);
    expect(w.sentTo()).toEqual([`${phoneOf(1)}@14:00:00`, `${phoneOf(0)}@14:05:00`]);
    await w.shutDown();
  });

  it('puts the message, its delivery, the reply and the opt-out on the customer timeline', async () => {
    const w = await world({ provider: { deliveryDelayMs: 20_000, outOfOrderRate: 1 } });
    await w.addList('l1', people(1));
    await w.advanceMinutes(5);
    w.provider.receive(phoneOf(0), 'What time?');
    await w.advanceMinutes(1);
    w.provider.receive(phoneOf(0), 'STOP');
    await w.advanceMinutes(1);
    const timeline = (await w.store.timeline(phoneOf(0)));
    // Callbacks came as delivered, sent, delivered: only the first moved the status.
    expect(timeline.map((e) => (e.type === 'status' ? e.status : e.type))).toEqual(['outbound', 'delivered', 'reply', 'opt_out']);
    expect(timeline[0]).toMatchObject({ body: 'Hi P0', campaignName: 'Dec outreach', listName: 'l1.csv' });
    expect(timeline[2]).toMatchObject({ listId: 'l1', campaignId: 'c1' });
    expect((await w.store.attemptByProviderId('SM1'))?.deliveryStatus).toBe('delivered');
    await w.shutDown();
  });

  it('applies delivery callbacks due at the send instant', async () => {
    const w = await world({ provider: { deliveryDelayMs: 0 } });
    await w.addList('l1', people(1));
    await w.advanceMinutes(1);
    expect((await w.store.attemptByProviderId('SM1'))?.deliveryStatus).toBe('delivered');
    await w.shutDown();
  });

  it('applies delivery callbacks that overtake the send’s own response', async () => {
    // With latency the memory provider answers with a promise, which its callbacks overtake.
    const w = await world({ provider: { deliveryDelayMs: 0, latencyMs: 100 } });
    await w.addList('l1', people(1));
    await w.advanceMinutes(1);
    expect((await w.store.attemptByProviderId('SM1'))?.deliveryStatus).toBe('delivered');
    expect((await w.store.timeline(phoneOf(0))).map((e) => (e.type === 'status' ? e.status : e.type))).toEqual(['outbound', 'sent', 'delivered']);
    await w.shutDown();
  });
});

describe('the runtime, re-planning', () => {
  it('stops a list at once, even for a send due at that very instant', async () => {
    const w = await world();
    void w.clock.sleepUntil(w.clock.nowMs() + 2 * 60_000).then(() => w.runtime.stopList('l1'));
    await w.addList('l1', people(5));
    await w.advanceMinutes(60);
    expect(w.sentTo()).toEqual([`${phoneOf(0)}@14:00:00`, `${phoneOf(1)}@14:01:00`]);
    expect(await w.runtime.listStatus('l1')).toMatchObject({ status: 'stopped', completion: 'stopped', unreached: 3, completedAt: '2026-11-30T14:02:00Z' });
    await w.shutDown();
  });

  it('follows a new rate from the next send', async () => {
    const w = await world();
    await w.addList('l1', people(4));
    await w.advanceMinutes(1);
    await w.runtime.updateCampaign({ ...(await w.store.campaign('c1'))!, rate: { messages: 1, perSeconds: 600 } });
    await w.advanceMinutes(60);
    expect(w.sentTo()).toEqual([`${phoneOf(0)}@14:00:00`, `${phoneOf(1)}@14:01:00`, `${phoneOf(2)}@14:11:00`, `${phoneOf(3)}@14:21:00`]);
    await w.shutDown();
  });

  it('waits for a list added later, and for its start', async () => {
    const w = await world();
    await w.advanceMinutes(30);
    await w.addList('l1', people(1), { startAfter: w.clock.now().add({ hours: 1 }) });
    await w.advanceMinutes(59);
    expect(w.sentTo()).toEqual([]);
    await w.advanceMinutes(1);
    expect(w.sentTo()).toEqual([`${phoneOf(0)}@15:30:00`]);
    await w.shutDown();
  });
});

describe('the runtime, sharing its store', () => {
  it('picks up a list another process wrote to the store once refreshed', async () => {
    const w = await world();
    await w.advanceMinutes(5);
    const now = w.clock.now();
    await w.store.addList({ id: 'web', campaignId: 'c1', fileName: 'web.csv', createdAt: now, startAfter: now, endBefore: null, stoppedAt: null }, people(1));
    await w.advanceMinutes(5);
    expect(w.sentTo()).toEqual([]);
    await w.runtime.refresh();
    await w.advanceMinutes(1);
    expect(w.sentTo()).toEqual([`${phoneOf(0)}@14:10:00`]);
    await w.shutDown();
  });
});

describe('the runtime, refreshed while a send is in flight', () => {
  it('keeps the recipient held and the throttle slot taken, then applies the outcome', async () => {
    // The provider takes 30 s to answer; a refresh in the middle used to throw "must be reconciled".
    const w = await world({ provider: { latencyMs: 30_000 } });
    await w.addList('l1', people(2));
    await w.clock.advanceBy(10_000);
    await w.runtime.refresh();
    expect(await w.runtime.listStatus('l1', null)).toMatchObject({ status: 'in_progress', sent: 0, total: 2 });
    await w.advanceMinutes(3);
    // Sent at 14:00 and, one gap later, 14:01; the provider creates each 30 s after it is asked.
    expect(w.sentTo()).toEqual([`${phoneOf(0)}@14:00:30`, `${phoneOf(1)}@14:01:30`]);
    expect([(await w.state('l1', 0)), (await w.state('l1', 1))]).toEqual(['sent', 'sent']);
    await w.shutDown();
  });
});
