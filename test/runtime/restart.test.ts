import { describe, expect, it } from 'vitest';
import { createMemoryProvider } from '../../adapters/memory/memory-provider.js';
import { createMemoryStore } from '../../adapters/memory/memory-store.js';
import { createVirtualClock, type VirtualClock } from '../../adapters/memory/virtual-clock.js';
import type { Provider } from '../../core/ports/provider.js';
import type { Store } from '../../core/ports/store.js';
import { seededRandom } from '../../core/ports/random.js';
import { createRuntime } from '../../core/runtime/runtime.js';
import { campaignRecord, monday9, people, phoneOf } from './world.js';

/** A store as a worker killed mid-flight leaves it: two attempts begun, neither recorded. */
async function storeAfterCrash(dailyLimit: number | null = null, recipients = 4) {
  const store = createMemoryStore();
  await store.saveCampaign(campaignRecord({ dailyLimit }));
  const list = { id: 'l1', campaignId: 'c1', fileName: 'l1.csv', createdAt: monday9, startAfter: monday9, endBefore: null, stoppedAt: null };
  await store.addList(list, people(recipients));
  await store.claim({ id: 'old-1', campaignId: 'c1', listId: 'l1', row: 0, phone: phoneOf(0), body: 'Hi P0', atMs: monday9.epochMilliseconds });
  const sent = { outcome: 'sent', providerId: 'SM-old', status: 'queued' } as const;
  await store.finishAttempt('old-1', { result: sent, recipientState: 'sent', timeline: null, optOutAtMs: null });
  const second = monday9.add({ minutes: 1 });
  await store.claim({ id: 'old-2', campaignId: 'c1', listId: 'l1', row: 1, phone: phoneOf(1), body: 'Hi P1', atMs: second.epochMilliseconds });
  await store.claim({ id: 'old-3', campaignId: 'c1', listId: 'l1', row: 2, phone: phoneOf(2), body: 'Hi P2', atMs: second.epochMilliseconds });
  return store;
}

/** A runtime on `store` sending for an hour of the virtual clock, then stopped. */
async function runForAnHour(store: Store, provider: Provider, clock: VirtualClock): Promise<void> {
  let issued = 0;
  const ids = { next: (prefix: string) => `${prefix}-new-${(issued += 1)}` };
  const runtime = createRuntime({ clock, store, provider, random: seededRandom(1), ids });
  const stop = new AbortController();
  const running = runtime.run({ signal: stop.signal });
  await clock.advanceBy(60 * 60_000);
  stop.abort();
  await running;
}

describe('a runtime restarted on the same store', () => {
  it('reconciles what a crash left unfinished beside sending the others, sends nobody twice, and keeps the throttle', async () => {
    const store = await storeAfterCrash();
    const clock = createVirtualClock({ start: monday9.add({ minutes: 1, seconds: 30 }) });
    const provider = createMemoryProvider({ clock, seed: 1 });
    // The provider did take row 1's message before the crash; row 2's never reached it.
    await clock.advanceTo(monday9.add({ minutes: 1, seconds: 30 }));
    await provider.send({ to: phoneOf(1), body: 'Hi P1', from: null, windowClosesAt: monday9.add({ hours: 8 }), key: 'l1/1' });
    let issued = 0;
    const runtime = createRuntime({ clock, store, provider, random: seededRandom(1), ids: { next: (prefix) => `${prefix}-new-${(issued += 1)}` } });
    const stop = new AbortController();
    const running = runtime.run({ signal: stop.signal });
    await clock.advanceBy(10 * 60_000);
    stop.abort();
    await running;

    expect(await store.recipientStates('l1')).toEqual(['sent', 'sent', 'sent', 'sent']);
    // Row 1 was found at the provider: sent, not again. Row 3 went out meanwhile, one gap after
    // the interrupted claims (14:01). Row 2 was not found, and once its claim was older than the
    // two-minute acceptance window it went back to pending and went out at 14:03.
    expect(provider.messages().map((m) => `${m.to}@${m.createdAt.toString()}`)).toEqual([
      `${phoneOf(1)}@2026-11-30T14:01:30Z`,
      `${phoneOf(3)}@2026-11-30T14:02:00Z`,
      `${phoneOf(2)}@2026-11-30T14:03:00Z`
    ]);
    expect(await runtime.listStatus('l1')).toMatchObject({ status: 'completed', sent: 4 });
  });

  it('holds a daily unit for each send being reconciled: the others sent meanwhile never take the day past its limit', async () => {
    // Limit 3 a day: row 0 sent, rows 1 and 2 interrupted. While they are unresolved nothing more
    // may go out on Monday; found at the provider, they fill it.
    const store = await storeAfterCrash(3, 6);
    const clock = createVirtualClock({ start: monday9.add({ minutes: 1, seconds: 30 }) });
    const provider = createMemoryProvider({ clock, seed: 1 });
    // Both interrupted messages had reached the provider: Monday is then full with rows 0, 1, 2.
    await provider.send({ to: phoneOf(1), body: 'Hi P1', from: null, windowClosesAt: monday9.add({ hours: 8 }), key: 'l1/1' });
    await provider.send({ to: phoneOf(2), body: 'Hi P2', from: null, windowClosesAt: monday9.add({ hours: 8 }), key: 'l1/2' });
    await runForAnHour(store, provider, clock);

    expect(await store.recipientStates('l1')).toEqual(['sent', 'sent', 'sent', 'pending', 'pending', 'pending']);
    expect(provider.messages()).toHaveLength(2);
  });

  it('gives a held daily unit back when the interrupted send never reached the provider', async () => {
    // Limit 3 a day: row 0 sent, rows 1 and 2 interrupted and never taken: after the acceptance
    // window both units come back, so Monday still sends two more (one of them a retry).
    const store = await storeAfterCrash(3, 6);
    const clock = createVirtualClock({ start: monday9.add({ minutes: 1, seconds: 30 }) });
    const provider = createMemoryProvider({ clock, seed: 1 });
    await runForAnHour(store, provider, clock);

    const sentMonday = (await store.recipientStates('l1')).filter((state) => state === 'sent');
    expect(sentMonday).toHaveLength(3);
    expect(provider.messages()).toHaveLength(2);
  });
});
