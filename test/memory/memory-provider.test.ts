import { describe, expect, it } from 'vitest';
import { Temporal } from 'temporal-polyfill';
import { createMemoryProvider, type MemoryProviderOptions } from '../../adapters/memory/memory-provider.js';
import { createVirtualClock } from '../../adapters/memory/virtual-clock.js';
import type { ProviderEvent } from '../../core/ports/provider.js';
import { runProviderContract } from '../contracts/provider.contract.js';

const start = Temporal.Instant.from('2026-12-01T14:00:00Z');
const phone = (i: number) => `+1415555${String(1000 + i)}`;

runProviderContract('memory provider', async () => {
  const clock = createVirtualClock({ start });
  const provider = createMemoryProvider({
    clock,
    seed: 3,
    deliveryDelayMs: 10_000,
    permanentNumbers: new Map([['+14155550000', 'invalid_number']])
  });
  return {
    provider,
    reachable: phone,
    invalidNumber: '+14155550000',
    now: () => clock.now(),
    advance: (ms) => clock.advanceBy(ms),
    async customerWrites(from, body) {
      provider.receive(from, body);
      await clock.advanceBy(0);
    },
    close: async () => {}
  };
});

function world(options: Omit<MemoryProviderOptions, 'clock'>) {
  const clock = createVirtualClock({ start });
  const provider = createMemoryProvider({ clock, ...options });
  const events: ProviderEvent[] = [];
  provider.onEvent((event) => events.push(event));
  const sms = (to: string) => ({ to, body: 'Your order is ready.', from: null, windowClosesAt: start.add({ hours: 8 }), key: to });
  return { clock, provider, events, sms };
}

async function run(options: Omit<MemoryProviderOptions, 'clock'>, messages = 200) {
  const w = world(options);
  const outcomes = [];
  for (let i = 0; i < messages; i += 1) {
    outcomes.push(await w.provider.send(w.sms(phone(i))));
    await w.clock.advanceBy(7_500);
  }
  await w.clock.advanceBy(3 * 86_400_000);
  return { outcomes, events: w.events.map((e) => ({ ...e, at: e.at.toString() })) };
}

describe('the memory provider', () => {
  it('replays the same run for the same seed, and another for another seed', async () => {
    const options = { transientFailureRate: 0.1, failureRate: 0.05, replyRate: 0.2, optOutRate: 0.05, deliveryDelayMs: 30_000, replyDelayMs: 3_600_000, outOfOrderRate: 0.2 };
    const a = await run({ seed: 11, ...options });
    const b = await run({ seed: 11, ...options });
    const c = await run({ seed: 12, ...options });
    expect(JSON.stringify(b)).toBe(JSON.stringify(a));
    expect(JSON.stringify(c)).not.toBe(JSON.stringify(a));
  });

  it('fails at about the rates asked for', async () => {
    const { outcomes } = await run({ seed: 5, transientFailureRate: 0.2, failureRate: 0.1 }, 1_000);
    const share = (kind: string) => outcomes.filter((o) => o.kind === kind).length / outcomes.length;
    expect(share('transient')).toBeGreaterThan(0.15);
    expect(share('transient')).toBeLessThan(0.25);
    expect(share('permanent')).toBeGreaterThan(0.05);
    expect(share('permanent')).toBeLessThan(0.13);
  });

  it('sends some delivery callbacks out of order and twice', async () => {
    const { events } = await run({ seed: 2, outOfOrderRate: 1, deliveryDelayMs: 20_000 }, 3);
    const first = events.filter((e) => e.type === 'status' && e.providerId === 'SM1').map((e) => (e.type === 'status' ? e.status : ''));
    expect(first).toEqual(['delivered', 'sent', 'delivered']);
  });

  it('has customers reply, stop and start, after a delay', async () => {
    const { events } = await run({ seed: 9, replyRate: 0.3, optOutRate: 0.2, optInRate: 1, replyDelayMs: 3_600_000 }, 100);
    const inbound = events.filter((e) => e.type === 'inbound');
    const bodies = inbound.map((e) => (e.type === 'inbound' ? e.body : ''));
    expect(bodies).toContain('STOP');
    expect(bodies).toContain('START');
    expect(bodies.filter((b) => b !== 'STOP' && b !== 'START').length).toBeGreaterThan(10);
    expect(inbound.every((e) => e.at > '2026-12-01T14:00:00Z')).toBe(true);
  });

  it('refuses a number that texted STOP until it texts START, as carriers do', async () => {
    const w = world({ seed: 1 });
    w.provider.receive(phone(1), 'STOP');
    await w.clock.advanceBy(0);
    expect(await w.provider.send(w.sms(phone(1)))).toMatchObject({ kind: 'permanent', reason: 'opted_out', scope: 'recipient' });
    w.provider.receive(phone(1), 'START');
    await w.clock.advanceBy(0);
    expect(await w.provider.send(w.sms(phone(1)))).toMatchObject({ kind: 'accepted' });
  });

  it('can be told how the next send ends, and whether it really took the message', async () => {
    const w = world({ seed: 1 });
    w.provider.failNext({ kind: 'ambiguous', message: 'timed out' }, { taken: true });
    w.provider.failNext({ kind: 'ambiguous', message: 'timed out' });
    expect(await w.provider.send(w.sms(phone(1)))).toMatchObject({ kind: 'ambiguous' });
    expect(await w.provider.send(w.sms(phone(2)))).toMatchObject({ kind: 'ambiguous' });
    expect(await w.provider.findMessages(phone(1), start)).toHaveLength(1);
    expect(await w.provider.findMessages(phone(2), start)).toHaveLength(0);
  });

  it('answers without latency at the send instant, its callbacks due then never inside the call', async () => {
    const w = world({ seed: 1, replyRate: 1 });
    const answer = w.provider.send(w.sms(phone(1)));
    expect(w.events).toEqual([]);
    expect(await answer).toEqual({ kind: 'accepted', providerId: 'SM1', status: 'queued' });
    await w.clock.advanceBy(0);
    expect(w.events.map((e) => (e.type === 'status' ? e.status : e.type))).toEqual(['sent', 'delivered', 'inbound']);
  });

  it('answers only once its latency has passed on the clock', async () => {
    const w = world({ seed: 1, latencyMs: 500 });
    let answered = false;
    const answer = w.provider.send(w.sms(phone(1))).then((outcome) => ((answered = true), outcome));
    await w.clock.advanceBy(499);
    expect(answered).toBe(false);
    await w.clock.advanceBy(1);
    expect(await answer).toMatchObject({ kind: 'accepted' });
  });

  it('gives each of several sends under way at once its own draws', async () => {
    const rates = { seed: 5, transientFailureRate: 0.3, failureRate: 0.2 };
    const one = world(rates);
    const oneByOne = [];
    for (let i = 0; i < 40; i += 1) oneByOne.push(await one.provider.send(one.sms(phone(i))));
    const all = world({ ...rates, latencyMs: 500 });
    const sending = Array.from({ length: 40 }, (_, i) => all.provider.send(all.sms(phone(i))));
    await all.clock.advanceBy(1_000);
    expect((await Promise.all(sending)).map((o) => o.kind)).toEqual(oneByOne.map((o) => o.kind));
    expect(new Set(oneByOne.map((o) => o.kind)).size).toBe(3);
  });

  it('takes its latency on the clock', async () => {
    const w = world({ seed: 1, latencyMs: 800 });
    const sending = w.provider.send(w.sms(phone(1)));
    await w.clock.advanceBy(1_000);
    expect(await sending).toMatchObject({ kind: 'accepted' });
    expect(w.provider.messages()[0]?.createdAt.toString()).toBe('2026-12-01T14:00:00.8Z');
  });
});
