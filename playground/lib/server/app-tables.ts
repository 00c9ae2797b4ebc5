import type Database from 'better-sqlite3';
import { z } from 'zod';
import type { Store } from '../../../core/ports/store.js';

/**
 * What the web app keeps about a campaign beyond the engine's CampaignRecord: its description. In
 * the app's own table of the shared SQLite file, so the Store port (which the runtime reads) stays
 * about sending. The sender is the store's (`CampaignRecord.sender`): the worker sends from it.
 */
export interface CampaignDetails {
  description: string;
}

const rowSchema = z.object({ description: z.string() });
const oldSenderRows = z.array(z.object({ campaign_id: z.string(), sender: z.string() }));

export interface CampaignDetailsTable {
  get(campaignId: string): CampaignDetails;
  set(campaignId: string, details: CampaignDetails): void;
  delete(campaignId: string): void;
}

/** The details table; call `moveSendersIntoStore` first on a database the app may have written before. */
export function campaignDetailsTable(db: Database.Database): CampaignDetailsTable {
  db.exec(`CREATE TABLE IF NOT EXISTS app_campaign_details (
    campaign_id TEXT PRIMARY KEY,
    description TEXT NOT NULL
  )`);
  const select = db.prepare('SELECT description FROM app_campaign_details WHERE campaign_id = ?');
  const upsert = db.prepare(
    `INSERT INTO app_campaign_details (campaign_id, description) VALUES (?, ?)
     ON CONFLICT (campaign_id) DO UPDATE SET description = excluded.description`
  );
  const remove = db.prepare('DELETE FROM app_campaign_details WHERE campaign_id = ?');
  return {
    get(campaignId) {
      const row = select.get(campaignId);
      return row === undefined ? { description: '' } : rowSchema.parse(row);
    },
    set(campaignId, { description }) {
      upsert.run(campaignId, description);
    },
    delete(campaignId) {
      remove.run(campaignId);
    }
  };
}

/**
 * Earlier versions of the app kept the sender in its details table, where the worker never looked.
 * Hands each one to its campaign in the store (unless the store already has one), then drops the
 * column, so that only one copy is left. Writing the store first: a crash in between repeats the move.
 */
export async function moveSendersIntoStore(db: Database.Database, store: Store): Promise<void> {
  const hasColumn = db.prepare("SELECT 1 FROM pragma_table_info('app_campaign_details') WHERE name = 'sender'").get() !== undefined;
  if (!hasColumn) return;
  const rows = oldSenderRows.parse(db.prepare("SELECT campaign_id, sender FROM app_campaign_details WHERE sender <> ''").all());
  for (const row of rows) {
    const campaign = await store.campaign(row.campaign_id);
    if (campaign !== null && campaign.sender === null) await store.saveCampaign({ ...campaign, sender: row.sender });
  }
  db.exec('ALTER TABLE app_campaign_details DROP COLUMN sender');
}
