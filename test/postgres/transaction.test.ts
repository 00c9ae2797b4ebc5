import type pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { inTransaction } from '../../adapters/postgres/transaction.js';
import { poolOnFreshSchema } from './fresh-database.js';

describe('PostgreSQL transactions of the store', () => {
  let pool: pg.Pool;
  afterEach(async () => {
    await pool.end();
  });

  async function twoRows(): Promise<void> {
    pool = await poolOnFreshSchema({ max: 4 });
    await pool.query('CREATE TABLE t (id integer PRIMARY KEY, v integer NOT NULL)');
    await pool.query('INSERT INTO t VALUES (1, 0), (2, 0)');
  }

  it('runs a transaction again, whole, when the server ends it to break a deadlock', async () => {
    await twoRows();
    const runs = { a: 0, b: 0 };
    const [aHolds1, bHolds2] = [latch(), latch()];
    // a takes row 1 then row 2, b row 2 then row 1, each waiting (the first time) until the other
    // holds its first row: a deadlock, which the server breaks by failing one of them.
    const a = inTransaction(pool, async (client) => {
      runs.a += 1;
      await client.query('UPDATE t SET v = v + 1 WHERE id = 1');
      if (runs.a === 1) {
        aHolds1.open();
        await bHolds2.opened;
      }
      await client.query('UPDATE t SET v = v + 1 WHERE id = 2');
    });
    const b = inTransaction(pool, async (client) => {
      runs.b += 1;
      await client.query('UPDATE t SET v = v + 10 WHERE id = 2');
      if (runs.b === 1) {
        bHolds2.open();
        await aHolds1.opened;
      }
      await client.query('UPDATE t SET v = v + 10 WHERE id = 1');
    });
    await Promise.all([a, b]);
    // At least one of them ran again (under load the server may break more than one wait).
    expect(runs.a + runs.b).toBeGreaterThanOrEqual(3);
    // Each transaction's writes happened once: the failed run left nothing.
    expect((await pool.query('SELECT id, v FROM t ORDER BY id')).rows).toEqual([
      { id: 1, v: 11 },
      { id: 2, v: 11 }
    ]);
  });

  it('does not run again a transaction that failed for any other reason, and keeps none of it', async () => {
    await twoRows();
    let runs = 0;
    const failing = inTransaction(pool, async (client) => {
      runs += 1;
      await client.query('UPDATE t SET v = 5 WHERE id = 1');
      await client.query('INSERT INTO t VALUES (2, 0)');
    });
    await expect(failing).rejects.toMatchObject({ code: '23505' });
    expect(runs).toBe(1);
    expect((await pool.query('SELECT v FROM t WHERE id = 1')).rows).toEqual([{ v: 0 }]);
  });
});

function latch(): { open(): void; opened: Promise<void> } {
  let open = () => {};
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { open, opened };
}
