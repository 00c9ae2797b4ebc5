import type Database from 'better-sqlite3';
import { z } from 'zod';

/**
 * What the web app keeps about a campaign beyond the engine's CampaignRecord: its description and
 * the sender an administrator typed. In the app's own table of the shared SQLite file, so the
 * Store port (which the runtime reads) stays about sending.
 */
export interface CampaignDetails {
  description: string;
  /** A Messaging Service SID (`MG…`) or an E.164 number; empty: the TWILIO_* default. */
  sender: string;
}

const rowSchema = z.object({ description: z.string(), sender: z.string() });

export interface CampaignDetailsTable {
  get(campaignId: string): CampaignDetails;
  set(campaignId: string, details: CampaignDetails): void;
  delete(campaignId: string): void;
}

export function campaignDetailsTable(db: Database.Database): CampaignDetailsTable {
  db.exec(`CREATE TABLE IF NOT EXISTS app_campaign_details (
    campaign_id TEXT PRIMARY KEY,
    description TEXT NOT NULL,
    sender TEXT NOT NULL
  )`);
  const select = db.prepare('SELECT description, sender FROM app_campaign_details WHERE campaign_id = ?');
  const upsert = db.prepare(
    `INSERT INTO app_campaign_details (campaign_id, description, sender) VALUES (?, ?, ?)
     ON CONFLICT (campaign_id) DO UPDATE SET description = excluded.description, sender = excluded.sender`
  );
  const remove = db.prepare('DELETE FROM app_campaign_details WHERE campaign_id = ?');
  return {
    get(campaignId) {
      const row = select.get(campaignId);
      return row === undefined ? { description: '', sender: '' } : rowSchema.parse(row);
    },
    set(campaignId, { description, sender }) {
      upsert.run(campaignId, description, sender);
    },
    delete(campaignId) {
      remove.run(campaignId);
    }
  };
}
