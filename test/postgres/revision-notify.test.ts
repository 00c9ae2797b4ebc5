import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { revisionChannel } from '../../adapters/postgres/postgres-store.js';
import type { Store } from '../../core/ports/store.js';
import { storeWithCampaign, urlOf } from './fresh-database.js';
import { campaignRecord, listRecord } from './records.js';

describe('PostgreSQL: changes announced with NOTIFY', () => {
  let pool: pg.Pool;
  let store: Store;
  let listener: pg.Client;
  const heard: string[] = [];
  beforeAll(async () => {
    ({ pool, store } = await storeWithCampaign());
    listener = new pg.Client({ connectionString: urlOf(pool) });
    await listener.connect();
    listener.on('notification', (message) => {
      if (message.channel === revisionChannel && message.payload !== undefined) heard.push(message.payload);
    });
    await listener.query(`LISTEN ${revisionChannel}`);
  });
  afterAll(async () => {
    await listener.end();
    await pool.end();
  });

  it('sends the new revision when a change commits, and nothing for a change that fails', async () => {
    await store.saveCampaign({ ...campaignRecord('c1'), name: 'Renamed' });
    await store.addList(listRecord('l1', 'c1'), []);
    await expect(store.addList(listRecord('l1', 'c1'), [])).rejects.toThrow();
    await store.stopList('l1', listRecord('l1', 'c1').startAfter);
    const revision = await store.revision();
    await waitFor(() => heard.length >= 3);
    expect(heard).toEqual([revision - 2, revision - 1, revision].map(String));
  });
});

async function waitFor(done: () => boolean): Promise<void> {
  for (let i = 0; i < 100 && !done(); i += 1) await new Promise((resolve) => setTimeout(resolve, 10));
}
