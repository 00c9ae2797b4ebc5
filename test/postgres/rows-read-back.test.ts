import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../core/ports/store.js';
import { storeWithCampaign } from './fresh-database.js';
import { listRecord, phoneOf } from './records.js';

// Rows written by something other than this store (an older version, a person with psql) are
// checked when read back, and a bad one is named: table, key, column and what is wrong.

describe('PostgreSQL: rows read back are checked', () => {
  let pool: pg.Pool;
  let store: Store;
  beforeAll(async () => {
    ({ pool, store } = await storeWithCampaign());
    await store.addList(listRecord('l1', 'c1'), [{ phone: phoneOf(0), name: 'Ada', timeZone: 'UTC', variables: { order: 'A-1' } }]);
  });
  afterAll(async () => {
    await pool.end();
  });

  it('names the campaign and the field of a damaged hours column', async () => {
    await pool.query(`UPDATE campaigns SET hours_json = jsonb_set(hours_json, '{mon}', '"9 to 5"') WHERE id = 'c1'`);
    await expect(store.campaign('c1')).rejects.toThrow(/^campaigns\["c1"\]\.hours_json\.mon: .+ \(read back from PostgreSQL\)\.$/);
  });

  it('names the list and row of a damaged variables column', async () => {
    await pool.query(`UPDATE recipients SET variables_json = '{"order": 7}' WHERE list_id = 'l1'`);
    await expect(store.recipients('l1')).rejects.toThrow(/^recipients\["l1"#0\]\.variables_json\.order: /);
  });

  it('refuses a timeline line whose type it does not know', async () => {
    await pool.query(`INSERT INTO timeline (phone, at_ms, type, data_json) VALUES ('+15550000000', 0, 'fax', '{}')`);
    await expect(store.timeline('+15550000000')).rejects.toThrow(/^timeline\[\d+\]\.type: /);
  });
});
