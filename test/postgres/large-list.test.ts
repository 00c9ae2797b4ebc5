import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RecipientRecord, Store } from '../../core/ports/store.js';
import { storeWithCampaign } from './fresh-database.js';
import { listRecord, phoneOf } from './records.js';

const list = (id: string) => listRecord(id, 'c1');
const person = (i: number): RecipientRecord => ({
  phone: phoneOf(i),
  name: i % 7 === 0 ? null : `Person "${i}" \\ {x}`,
  timeZone: 'America/Chicago',
  variables: { orderId: `A-${i}`, note: 'quotes " and , commas' }
});

describe('PostgreSQL: a large list', () => {
  let pool: pg.Pool;
  let store: Store;
  beforeAll(async () => {
    ({ pool, store } = await storeWithCampaign());
  });
  afterAll(async () => {
    await pool.end();
  });

  it('adds 100,000 recipients at once, every one as given, in file order', async () => {
    const people = Array.from({ length: 100_000 }, (_, i) => person(i));
    await store.addList(list('big'), people);
    expect((await store.listCounts('big')).states.pending).toBe(100_000);
    const back = await store.recipients('big');
    expect(back).toHaveLength(100_000);
    for (const i of [0, 1, 4_999, 5_000, 7, 54_321, 99_999]) expect(back[i], `row ${i}`).toEqual(people[i]);
  });

  it('keeps nothing of a list whose last batch fails', async () => {
    const people = Array.from({ length: 12_000 }, (_, i) => person(i));
    // PostgreSQL text cannot hold a NUL character: the last batch is refused by the server.
    people[11_999] = { ...person(11_999), name: 'nul \u0000 inside' };
    await expect(store.addList(list('broken'), people)).rejects.toThrow();
    expect(await store.list('broken')).toBeNull();
    expect((await pool.query("SELECT count(*)::int AS n FROM recipients WHERE list_id = 'broken'")).rows[0]).toEqual({ n: 0 });
  });
});
