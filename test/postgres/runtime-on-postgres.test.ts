import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type pg from 'pg';
import { createSystemClock } from '../../adapters/clock/system-clock.js';
import { createMemoryProvider } from '../../adapters/memory/memory-provider.js';
import { sequentialIds } from '../../core/ports/ids.js';
import { seededRandom } from '../../core/ports/random.js';
import type { RecipientRecord, Store } from '../../core/ports/store.js';
import { createRuntime } from '../../core/runtime/runtime.js';
import { storeWithCampaign } from './fresh-database.js';
import { campaignRecord, phoneOf } from './records.js';

// The runtime the other stores serve, on this one: real time (a virtual clock cannot wait for a
// server), a throttle fast enough for a test, the ideal simulated provider.

const allDay = [['00:00', '24:00']] as const;
const gapMs = 50;

describe('the runtime on the PostgreSQL store', () => {
  let pool: pg.Pool;
  let store: Store;
  beforeAll(async () => {
    ({ pool, store } = await storeWithCampaign());
    await store.saveCampaign({
      ...campaignRecord('c1'),
      hours: { mon: allDay, tue: allDay, wed: allDay, thu: allDay, fri: allDay, sat: allDay, sun: allDay },
      rate: { messages: 1_000 / gapMs, perSeconds: 1 }
    });
  });
  afterAll(async () => {
    await pool.end();
  });

  it('texts everyone once, never faster than the throttle, and records their deliveries', async () => {
    const clock = createSystemClock();
    const provider = createMemoryProvider({ clock, seed: 1 });
    const runtime = createRuntime({ clock, store, provider, random: seededRandom(1), ids: sequentialIds() });
    const people: RecipientRecord[] = Array.from({ length: 12 }, (_, i) => ({ phone: phoneOf(i), name: `P${i}`, timeZone: 'UTC', variables: {} }));
    const now = clock.now();
    await runtime.addList({ id: 'l1', campaignId: 'c1', fileName: 'l1.csv', createdAt: now, startAfter: now, endBefore: null, stoppedAt: null }, people);

    await runtime.run({ exitWhenIdle: true });
    await runtime.close();

    expect(await store.recipientStates('l1')).toEqual(people.map(() => 'sent'));
    expect(provider.messages().map((m) => m.to)).toEqual(people.map((p) => p.phone));
    const attempts = await store.attempts('c1');
    expect(attempts.map((a) => a.row)).toEqual(people.map((_, row) => row));
    for (let i = 1; i < attempts.length; i += 1) {
      expect((attempts[i]?.atMs ?? 0) - (attempts[i - 1]?.atMs ?? 0), `gap before row ${i}`).toBeGreaterThanOrEqual(gapMs);
    }
    expect((await store.listCounts('l1')).states.sent).toBe(people.length);
    expect(attempts.map((a) => a.deliveryStatus)).toEqual(people.map(() => 'delivered'));
    expect((await store.timelineEvents()).filter((e) => e.type === 'outbound')).toHaveLength(people.length);
  });
});
