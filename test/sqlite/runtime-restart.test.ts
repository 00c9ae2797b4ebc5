import { describe, expect, it } from 'vitest';
import { createMemoryProvider } from '../../adapters/memory/memory-provider.js';
import { createVirtualClock, type VirtualClock } from '../../adapters/memory/virtual-clock.js';
import { createSqliteStore, openSqliteDatabase } from '../../adapters/sqlite/index.js';
import { seededRandom } from '../../core/ports/random.js';
import { createRuntime, type RuntimeOptions } from '../../core/runtime/runtime.js';
import { campaignRecord, monday9, people, phoneOf } from '../runtime/world.js';
import { tempFolder } from './temp-database.js';

// The runtime on an SQLite file, its process replaced half way: what it must remember comes
// back from the file (the send log), not from memory. The clock and the provider are the world's
// and outlive the process.

describe('the runtime restarted on the same SQLite file', () => {
  it('keeps the throttle and the daily limit across the restart, and texts nobody twice', async () => {
    const temp = tempFolder();
    const clock = createVirtualClock({ start: monday9 });
    const provider = createMemoryProvider({ clock, seed: 1 });
    let issued = 0;
    const ids = { next: (prefix: string) => `${prefix}-${(issued += 1)}` };

    async function runFor(minutes: number, setUp?: (store: ReturnType<typeof createSqliteStore>) => Promise<void>) {
      const db = openSqliteDatabase(temp.file());
      const store = createSqliteStore(db);
      await setUp?.(store);
      await runtimeFor(minutes, clock, { store, provider, ids });
      const states = await store.recipientStates('l1');
      db.close();
      return states;
    }

    // 1 message a minute, 3 a day: 09:00, 09:01, 09:02 go out, then the process stops at 09:02:30.
    const first = await runFor(2.5, async (store) => {
      await store.saveCampaign(campaignRecord({ rate: { messages: 1, perSeconds: 60 }, dailyLimit: 3 }));
      const list = { id: 'l1', campaignId: 'c1', fileName: 'l1.csv', createdAt: monday9, startAfter: monday9, endBefore: null, stoppedAt: null };
      await store.addList(list, people(5));
    });
    expect(first.filter((s) => s === 'sent')).toHaveLength(3);

    // A new process on the same file runs until Tuesday 09:30: nothing more on Monday (the limit
    // is counted from the file), then Tuesday's two one minute apart.
    const second = await runFor(24 * 60 + 27.5);
    expect(second).toEqual(['sent', 'sent', 'sent', 'sent', 'sent']);
    expect(provider.messages().map((m) => `${m.to}@${m.createdAt.toString()}`)).toEqual([
      `${phoneOf(0)}@2026-11-30T14:00:00Z`,
      `${phoneOf(1)}@2026-11-30T14:01:00Z`,
      `${phoneOf(2)}@2026-11-30T14:02:00Z`,
      `${phoneOf(3)}@2026-12-01T14:00:00Z`,
      `${phoneOf(4)}@2026-12-01T14:01:00Z`
    ]);
    temp.remove();
  });

  it('reconciles the claims a killed process left in the file, sending the others meanwhile', async () => {
    const temp = tempFolder();
    // The killed process: row 0 claimed and sent, rows 1 and 2 claimed, their outcomes never
    // written; its connection is simply abandoned, as a SIGKILL leaves it.
    const killed = createSqliteStore(openSqliteDatabase(temp.file()));
    await killed.saveCampaign(campaignRecord());
    const list = { id: 'l1', campaignId: 'c1', fileName: 'l1.csv', createdAt: monday9, startAfter: monday9, endBefore: null, stoppedAt: null };
    await killed.addList(list, people(4));
    const t0 = monday9.epochMilliseconds;
    await killed.claim({ id: 'old-1', campaignId: 'c1', listId: 'l1', row: 0, phone: phoneOf(0), body: 'Hi P0', atMs: t0 });
    const sent = { outcome: 'sent', providerId: 'SM-old', status: 'queued' } as const;
    await killed.finishAttempt('old-1', { result: sent, recipientState: 'sent', timeline: null, optOutAtMs: null });
    await killed.claim({ id: 'old-2', campaignId: 'c1', listId: 'l1', row: 1, phone: phoneOf(1), body: 'Hi P1', atMs: t0 + 60_000 });
    await killed.claim({ id: 'old-3', campaignId: 'c1', listId: 'l1', row: 2, phone: phoneOf(2), body: 'Hi P2', atMs: t0 + 60_000 });

    const clock = createVirtualClock({ start: monday9.add({ minutes: 1, seconds: 30 }) });
    const provider = createMemoryProvider({ clock, seed: 1 });
    // The provider took row 1's message before the kill; row 2's never reached it.
    await provider.send({ to: phoneOf(1), body: 'Hi P1', from: null, windowClosesAt: monday9.add({ hours: 8 }), key: 'l1/1' });

    const db = openSqliteDatabase(temp.file());
    const store = createSqliteStore(db);
    expect((await store.unfinishedAttempts()).map((a) => a.id)).toEqual(['old-2', 'old-3']);
    let issued = 0;
    await runtimeFor(10, clock, { store, provider, ids: { next: (prefix) => `${prefix}-new-${(issued += 1)}` } });

    expect(await store.recipientStates('l1')).toEqual(['sent', 'sent', 'sent', 'sent']);
    expect(await store.unfinishedAttempts()).toEqual([]);
    // Row 1 found at the provider is not sent again; row 3 goes out meanwhile, row 2 once, after
    // the acceptance window.
    expect(provider.messages().map((m) => m.to)).toEqual([phoneOf(1), phoneOf(3), phoneOf(2)]);
    db.close();
    temp.remove();
  });
});

/** A runtime (one process's life) sending for `minutes` of the world's clock, then stopped. */
async function runtimeFor(minutes: number, clock: VirtualClock, parts: Omit<RuntimeOptions, 'random' | 'clock'>): Promise<void> {
  const runtime = createRuntime({ ...parts, clock, random: seededRandom(1) });
  const stop = new AbortController();
  const running = runtime.run({ signal: stop.signal });
  await clock.advanceBy(minutes * 60_000);
  stop.abort();
  await running;
  await runtime.close();
}
