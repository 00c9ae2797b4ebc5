import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { createMemoryStore } from '../../adapters/memory/memory-store.js';
import type { CampaignRecord } from '../../core/ports/store.js';
import { appTables, campaignDetailsTable, createAppTables, moveSendersIntoStore } from '../../playground/lib/server/app-tables.js';

const day = [['09:00', '17:00']] as const;
const campaign = (id: string, sender: string | null = null): CampaignRecord => ({
  id,
  name: `Campaign ${id}`,
  timeZone: 'America/New_York',
  hours: { mon: day, tue: day, wed: day, thu: day, fri: day, sat: [], sun: [] },
  rate: { messages: 8, perSeconds: 60 },
  dailyLimit: null,
  message: 'Hi {{name}}',
  sender,
  halted: null
});

describe("the app's campaign details", () => {
  it('hands the senders an earlier version kept there to the store, then keeps descriptions only', async () => {
    const db = new Database(':memory:');
    // The table as earlier versions made it, the sender beside the description.
    db.exec('CREATE TABLE app_campaign_details (campaign_id TEXT PRIMARY KEY, description TEXT NOT NULL, sender TEXT NOT NULL)');
    const insert = db.prepare('INSERT INTO app_campaign_details VALUES (?, ?, ?)');
    insert.run('typed', 'has one', '+14155550100');
    insert.run('empty', 'had none', '');
    insert.run('both', 'the store already has one', '+14155550111');
    insert.run('gone', 'its campaign was deleted', '+14155550122');
    const store = createMemoryStore();
    await store.saveCampaign(campaign('typed'));
    await store.saveCampaign(campaign('empty'));
    await store.saveCampaign(campaign('both', 'MG' + '0'.repeat(32)));

    await moveSendersIntoStore(db, store);
    expect((await store.campaigns()).map((c) => [c.id, c.sender])).toEqual([
      ['both', 'MG' + '0'.repeat(32)],
      ['empty', null],
      ['typed', '+14155550100']
    ]);
    const tables = appTables({ kind: 'sqlite', db });
    await createAppTables(tables);
    const details = campaignDetailsTable(tables);
    expect(await details.get('typed')).toEqual({ description: 'has one' });
    await details.set('new', { description: 'saved after the move' });
    expect(await details.get('new')).toEqual({ description: 'saved after the move' });
    await details.set('new', { description: 'saved again' });
    expect(await details.get('new')).toEqual({ description: 'saved again' });
    await details.delete('new');
    expect(await details.get('new')).toEqual({ description: '' });
    // A second start finds nothing left to move.
    await moveSendersIntoStore(db, store);
    expect(db.prepare("SELECT name FROM pragma_table_info('app_campaign_details')").pluck().all()).toEqual(['campaign_id', 'description']);
    db.close();
  });
});
