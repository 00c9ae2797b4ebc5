import pg from 'pg';
import { Temporal } from 'temporal-polyfill';
import { afterEach, describe, expect, it } from 'vitest';
import { createPostgresStore } from '../../adapters/postgres/postgres-store.js';
import type { ClaimResult, LeaseHold, NewAttempt, RecipientRecord, Store } from '../../core/ports/store.js';
import { poolOnMigratedDatabase, urlOf } from './fresh-database.js';
import { campaignRecord, listRecord, phoneOf } from './records.js';

// Two workers are two pools on one database, as two processes would be: each claim is its own
// transaction on its own connection, and they race for real.

const t0 = Temporal.Instant.from('2026-03-02T10:00:00Z').epochMilliseconds;

describe('PostgreSQL claims under contention', () => {
  const pools: pg.Pool[] = [];
  afterEach(async () => {
    await Promise.all(pools.splice(0).map((pool) => pool.end()));
  });

  /** Two workers on one fresh, migrated database holding campaign c1 with list l1 of `size` people. */
  async function twoWorkers(size: number): Promise<[Store, Store]> {
    const first = await poolOnMigratedDatabase({ max: 4 });
    const second = new pg.Pool({ connectionString: urlOf(first), max: 4 });
    second.on('error', () => {});
    pools.push(first, second);
    const a = createPostgresStore(first);
    await a.saveCampaign(campaignRecord('c1'));
    const people: RecipientRecord[] = Array.from({ length: size }, (_, i) => ({ phone: phoneOf(i), name: null, timeZone: 'UTC', variables: {} }));
    await a.addList(listRecord('l1', 'c1'), people);
    // Each pool opens its four connections before the race, so that neither starts it ahead.
    for (const pool of [first, second]) {
      const clients = await Promise.all(Array.from({ length: 4 }, () => pool.connect()));
      for (const client of clients) client.release();
    }
    return [a, createPostgresStore(second)];
  }

  const attempt = (worker: string, row: number): NewAttempt => ({
    id: `${worker}-${row}`,
    campaignId: 'c1',
    listId: 'l1',
    row,
    phone: phoneOf(row),
    body: 'Hi',
    atMs: t0 + row
  });

  it('never lets two workers both claim one recipient', async () => {
    const size = 200;
    const [a, b] = await twoWorkers(size);
    // Both go down the same rows at once, several claims in flight each, so that they collide.
    const claimAll = async (store: Store, worker: string) => {
      const results: ClaimResult[] = new Array(size);
      let next = 0;
      await Promise.all(
        Array.from({ length: 4 }, async () => {
          for (let row = next++; row < size; row = next++) results[row] = await store.claim(attempt(worker, row));
        })
      );
      return results;
    };
    const [byA, byB] = await Promise.all([claimAll(a, 'a'), claimAll(b, 'b')]);

    for (let row = 0; row < size; row += 1) {
      expect([byA[row], byB[row]].sort(), `row ${row}`).toEqual(['claimed', 'not_claimable']);
    }
    // Both workers won some: the race was real.
    expect(byA.filter((r) => r === 'claimed').length).toBeGreaterThan(0);
    expect(byB.filter((r) => r === 'claimed').length).toBeGreaterThan(0);
    const log = await a.attempts('c1');
    expect(log).toHaveLength(size);
    expect(new Set(log.map((x) => x.row)).size).toBe(size);
    expect(await b.recipientStates('l1')).toEqual(new Array(size).fill('sending'));
    expect((await b.listCounts('l1')).states).toMatchObject({ pending: 0, sending: size });
  });

  it('makes a take-over of the lease wait for a claim already checked against it, and refuses the old holder after', async () => {
    const [a, b] = await twoWorkers(3);
    const lease: LeaseHold = { name: 'campaign:c1', holder: 'a' };
    expect(await a.acquireLease(lease.name, 'a', t0, 15_000)).toBe(true);

    // Hold recipient 0 from outside, so that a's claim stops after checking the lease and locking the list.
    const blocker = pools[0] as pg.Pool;
    const holder = await blocker.connect();
    try {
      await holder.query('BEGIN');
      await holder.query('SELECT * FROM recipients WHERE list_id = $1 AND row = 0 FOR UPDATE', ['l1']);
      const claim = a.claim(attempt('a', 0), lease);
      const holderPid = (await holder.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]?.pid;
      await waitUntil(blocker, 'SELECT count(*)::int AS n FROM pg_stat_activity WHERE $1 = ANY (pg_blocking_pids(pid))', [holderPid]);
      const claimPid = (await blocker.query<{ pid: number }>('SELECT pid FROM pg_stat_activity WHERE $1 = ANY (pg_blocking_pids(pid))', [holderPid])).rows[0]?.pid;
      // b, whose clock says a's lease has run out, takes it over: it must wait for a's claim to end.
      const takeOver = b.acquireLease(lease.name, 'b', t0 + 20_000, 15_000);
      await waitUntil(blocker, 'SELECT count(*)::int AS n FROM pg_stat_activity WHERE $1 = ANY (pg_blocking_pids(pid))', [claimPid]);
      await holder.query('COMMIT');
      expect(await claim).toBe('claimed');
      expect(await takeOver).toBe(true);
    } finally {
      holder.release();
    }
    // From now on a's claims are refused, even at instants its own lease would have covered.
    expect(await a.claim(attempt('a', 1), lease)).toBe('lease_lost');
    expect(await b.claim(attempt('b', 1), { name: lease.name, holder: 'b' })).toBe('claimed');
    expect(await a.recipientStates('l1')).toEqual(['sending', 'sending', 'pending']);
  });
});

/** Polls `sql` (answering a count `n`) until it is at least 1: another session is waiting on a lock. */
async function waitUntil(pool: pg.Pool, sql: string, values: unknown[] = []): Promise<void> {
  for (let i = 0; i < 200; i += 1) {
    const { rows } = await pool.query<{ n: number }>(sql, values);
    if ((rows[0]?.n ?? 0) >= 1) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`No session came to wait as expected: ${sql}`);
}
