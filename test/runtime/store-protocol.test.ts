import { describe, expect, it } from 'vitest';
import { createMemoryProvider } from '../../adapters/memory/memory-provider.js';
import { createMemoryStore } from '../../adapters/memory/memory-store.js';
import { createVirtualClock } from '../../adapters/memory/virtual-clock.js';
import { sequentialIds } from '../../core/ports/ids.js';
import type { OutboundSms, SendOutcome } from '../../core/ports/provider.js';
import { seededRandom } from '../../core/ports/random.js';
import { applyProviderEvent } from '../../core/runtime/provider-events.js';
import { createRuntime, LeaseLostError } from '../../core/runtime/runtime.js';
import { campaignRecord, monday9, people, phoneOf, world } from './world.js';

const kinds = (events: ReadonlyArray<{ type: string; status?: string }>) => events.map((e) => (e.type === 'status' ? e.status : e.type));

async function storeWithList(count: number) {
  const store = createMemoryStore();
  await store.saveCampaign(campaignRecord());
  await store.addList({ id: 'l1', campaignId: 'c1', fileName: 'l1.csv', createdAt: monday9, startAfter: monday9, endBefore: null, stoppedAt: null }, people(count));
  return store;
}

describe('the runtime and the lease', () => {
  it('sends while it holds the lease, and stops with LeaseLostError once another holder has it', async () => {
    const store = await storeWithList(3);
    const clock = createVirtualClock({ start: monday9 });
    const provider = createMemoryProvider({ clock, seed: 1 });
    const lease = { name: 'sender', holder: 'worker-a' };
    expect(await store.acquireLease('sender', 'worker-a', clock.nowMs(), 90_000)).toBe(true);
    const runtime = createRuntime({ clock, store, provider, random: seededRandom(1), ids: sequentialIds(), lease });
    const running = runtime.run();
    const outcome = running.then(
      () => 'returned',
      (error: unknown) => error
    );
    // 14:00 and 14:01 are sent under the lease; it expires at 14:01:30 and worker-b takes it.
    await clock.advanceTo(monday9.add({ seconds: 91 }));
    expect(await store.acquireLease('sender', 'worker-b', clock.nowMs(), 90_000)).toBe(true);
    await clock.advanceBy(60_000);
    expect(await outcome).toBeInstanceOf(LeaseLostError);
    expect(provider.messages().map((m) => m.to)).toEqual([phoneOf(0), phoneOf(1)]);
    // The recipient it could not claim is still pending for the new holder.
    expect(await store.recipientStates('l1')).toEqual(['sent', 'sent', 'pending']);
    await runtime.close();
  });
});

describe('provider events, in order and in causal order', () => {
  it('logs a reply that comes at the very instant of its message after that message, and attributes it', async () => {
    const store = await storeWithList(1);
    const clock = createVirtualClock({ start: monday9 });
    const memory = createMemoryProvider({ clock, seed: 1, replyRate: 1, replyDelayMs: 0, deliveryDelayMs: 0 });
    // Its answer comes a while after its events, as a slow network's would.
    const slowAnswer = async (answer: Promise<SendOutcome>) => {
      const outcome = await answer;
      for (let hop = 0; hop < 20; hop += 1) await Promise.resolve();
      return outcome;
    };
    const provider = { ...memory, send: (sms: OutboundSms, signal?: AbortSignal) => slowAnswer(memory.send(sms, signal)) };
    const runtime = createRuntime({ clock, store, provider, random: seededRandom(1), ids: sequentialIds() });
    await runtime.run({ exitWhenIdle: true });
    await runtime.close();
    const timeline = await store.timeline(phoneOf(0));
    expect(kinds(timeline)).toEqual(['outbound', 'sent', 'delivered', 'reply']);
    expect(timeline[3]).toMatchObject({ listId: 'l1', campaignId: 'c1' });
  });

  it('are recorded on a store with no runtime (a webhook), kept until their message is, and halt a blamed campaign', async () => {
    const store = await storeWithList(1);
    const at = monday9;
    const status = { type: 'status', providerId: 'SM9', at } as const;
    // The callback overtakes the commit of the send it is about: the store keeps it.
    expect(await applyProviderEvent(store, { ...status, status: 'sent' })).toBeNull();
    expect(await store.claim({ id: 'a1', campaignId: 'c1', listId: 'l1', row: 0, phone: phoneOf(0), body: 'Hi P0', atMs: at.epochMilliseconds })).toBe('claimed');
    await store.finishAttempt('a1', { result: { outcome: 'sent', providerId: 'SM9', status: 'queued' }, recipientState: 'sent', timeline: null, optOutAtMs: null });
    expect((await store.attemptByProviderId('SM9'))?.deliveryStatus).toBe('sent');
    const halt = await applyProviderEvent(store, { ...status, status: 'undelivered', errorCode: '30007', errorScope: 'campaign' });
    expect(halt).toMatchObject({ campaignId: 'c1', code: '30007' });
    expect((await store.campaign('c1'))?.halted?.code).toBe('30007');
    await applyProviderEvent(store, { type: 'inbound', providerId: 'MM1', from: phoneOf(0), to: '+15005550006', body: ' Stop ', at });
    expect(await store.isOptedOut(phoneOf(0))).toBe(true);
    expect(kinds(await store.timeline(phoneOf(0)))).toEqual(['sent', 'undelivered', 'opt_out']);
  });

  it('answer an event that cannot be read with a rejected promise, not a throw into the provider', async () => {
    const store = await storeWithList(1);
    const unreadable = { type: 'status', providerId: 'SM9', status: 'sent' } as unknown as Parameters<typeof applyProviderEvent>[1];
    let answer: Promise<unknown> | undefined;
    expect(() => (answer = applyProviderEvent(store, unreadable))).not.toThrow();
    await expect(answer).rejects.toThrow();
  });
});

describe('the runtime, refreshed from a store another process writes', () => {
  it('honours a stop written by another process once refreshed, and cheaply leaves the rest as planned', async () => {
    const w = await world();
    await w.addList('l1', people(5));
    await w.advanceMinutes(1);
    await w.store.stopList('l1', w.clock.now());
    await w.runtime.refresh();
    await w.advanceMinutes(10);
    expect(w.sentTo()).toEqual([`${phoneOf(0)}@14:00:00`, `${phoneOf(1)}@14:01:00`]);
    expect(await w.runtime.listStatus('l1')).toMatchObject({ status: 'stopped', sent: 2, unreached: 3 });
    await w.shutDown();
  });
});

describe('an attempt settled elsewhere while its send was under way', () => {
  it('keeps the runtime sending when the campaign of the send in flight is deleted', async () => {
    const store = await storeWithList(2);
    await store.saveCampaign({ ...campaignRecord(), id: 'c2', name: 'Other' });
    await store.addList({ id: 'l2', campaignId: 'c2', fileName: 'l2.csv', createdAt: monday9, startAfter: monday9, endBefore: null, stoppedAt: null }, people(1));
    const clock = createVirtualClock({ start: monday9 });
    const memory = createMemoryProvider({ clock, seed: 1 });
    // An administrator deletes campaign c1 while its first message is with the provider.
    let deleted = false;
    const provider = {
      ...memory,
      async send(sms: OutboundSms, signal?: AbortSignal) {
        const outcome = await memory.send(sms, signal);
        if (!deleted && sms.to === phoneOf(0)) {
          deleted = true;
          await store.deleteCampaign('c1');
        }
        return outcome;
      }
    };
    const runtime = createRuntime({ clock, store, provider, random: seededRandom(1), ids: sequentialIds() });
    await runtime.refresh();
    const running = runtime.run({ exitWhenIdle: true });
    await clock.runUntilIdle({ maxSteps: 10_000 });
    await running;
    await runtime.close();
    expect(deleted).toBe(true);
    // The other campaign's recipient is still texted: the sender did not die of the vanished attempt.
    expect(await store.recipientStates('l2')).toEqual(['sent']);
  });
});
