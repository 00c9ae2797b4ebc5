import { describe, expect, it } from 'vitest';
import { createMemoryProvider } from '../../adapters/memory/memory-provider.js';
import { createMemoryStore } from '../../adapters/memory/memory-store.js';
import { createVirtualClock } from '../../adapters/memory/virtual-clock.js';
import { seededRandom } from '../../core/ports/random.js';
import { createRuntime } from '../../core/runtime/runtime.js';
import { campaignRecord, monday9, people, phoneOf } from './world.js';

/** A store as a worker killed mid-flight leaves it: two attempts begun, neither recorded. */
async function storeAfterCrash() {
  const store = createMemoryStore();
  await store.saveCampaign(campaignRecord());
  const list = { id: 'l1', campaignId: 'c1', fileName: 'l1.csv', createdAt: monday9, startAfter: monday9, endBefore: null, stoppedAt: null };
  await store.addList(list, people(4));
  await store.claim({ id: 'old-1', campaignId: 'c1', listId: 'l1', row: 0, phone: phoneOf(0), body: 'Hi P0', atMs: monday9.epochMilliseconds });
  const sent = { outcome: 'sent', providerId: 'SM-old', status: 'queued' } as const;
  await store.finishAttempt('old-1', { result: sent, recipientState: 'sent', timeline: null, optOutAtMs: null });
  const second = monday9.add({ minutes: 1 });
  await store.claim({ id: 'old-2', campaignId: 'c1', listId: 'l1', row: 1, phone: phoneOf(1), body: 'Hi P1', atMs: second.epochMilliseconds });
  await store.claim({ id: 'old-3', campaignId: 'c1', listId: 'l1', row: 2, phone: phoneOf(2), body: 'Hi P2', atMs: second.epochMilliseconds });
  return store;
}

describe('a runtime restarted on the same store', () => {
  it('reconciles what a crash left unfinished before sending anything new, sends nobody twice, and keeps the throttle', async () => {
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
    // Row 1 was found at the provider: sent, not again. Row 2 was not, and once its claim (14:01)
    // was older than the two-minute acceptance window it went back to pending: nothing was sent
    // before 14:03, and then rows 2 and 3 one gap apart.
    expect(provider.messages().map((m) => `${m.to}@${m.createdAt.toString()}`)).toEqual([
      `${phoneOf(1)}@2026-11-30T14:01:30Z`,
      `${phoneOf(2)}@2026-11-30T14:03:00Z`,
      `${phoneOf(3)}@2026-11-30T14:04:00Z`
    ]);
    expect(await runtime.listStatus('l1')).toMatchObject({ status: 'completed', sent: 4 });
  });
});
