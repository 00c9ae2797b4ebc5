import type Database from 'better-sqlite3';
import crypto from 'node:crypto';
import { Kysely, PostgresDialect, SqliteDialect, sql } from 'kysely';
import { z } from 'zod';
import type { OpenDatabase } from '../../../adapters/database/open.js';
import type { Store } from '../../../core/ports/store.js';

/** The connection the app's own tables (and better-auth's) live on: the store's database, SQLite or PostgreSQL. */
export type AppDatabase = OpenDatabase['handle'];

/**
 * What the web app keeps about a campaign beyond the engine's CampaignRecord: its description. In
 * the app's own table of the shared database, so the Store port (which the runtime reads) stays
 * about sending. The sender is the store's (`CampaignRecord.sender`): the worker sends from it.
 */
export interface CampaignDetails {
  description: string;
}

export interface CampaignDetailsTable {
  get(campaignId: string): Promise<CampaignDetails>;
  set(campaignId: string, details: CampaignDetails): Promise<void>;
  delete(campaignId: string): Promise<void>;
}

export interface AppTables {
  app_campaign_details: { campaign_id: string; description: string };
  app_secrets: { name: string; value: string };
  /** At most one row (the primary key allows only 1): who is creating the first administrator. */
  app_first_administrator: { only_one: number; email: string; claimed_at_ms: number };
}

const rowSchema = z.object({ description: z.string() });
const secretRow = z.object({ value: z.string() });
const oldSenderRows = z.array(z.object({ campaign_id: z.string(), sender: z.string() }));

/**
 * The app's tables on `database`, written in one dialect for both kinds (Kysely, which better-auth
 * already runs on). Never destroyed: the connection is the caller's and closes with the store.
 */
export function appTables(database: AppDatabase): Kysely<AppTables> {
  const dialect = database.kind === 'sqlite' ? new SqliteDialect({ database: database.db }) : new PostgresDialect({ pool: database.pool });
  return new Kysely<AppTables>({ dialect });
}

/**
 * The app's tables, created if missing (under `oneAtATime`); call `moveSendersIntoStore` first on
 * an SQLite file the app may have written before.
 */
export async function createAppTables(db: Kysely<AppTables>): Promise<void> {
  await db.schema
    .createTable('app_campaign_details')
    .ifNotExists()
    .addColumn('campaign_id', 'text', (column) => column.primaryKey())
    .addColumn('description', 'text', (column) => column.notNull())
    .execute();
  await db.schema
    .createTable('app_secrets')
    .ifNotExists()
    .addColumn('name', 'text', (column) => column.primaryKey())
    .addColumn('value', 'text', (column) => column.notNull())
    .execute();
  await db.schema
    .createTable('app_first_administrator')
    .ifNotExists()
    .addColumn('only_one', 'integer', (column) => column.primaryKey().check(sql`only_one = 1`))
    .addColumn('email', 'text', (column) => column.notNull())
    // BIGINT: epoch milliseconds overflow PostgreSQL's INTEGER.
    .addColumn('claimed_at_ms', 'bigint', (column) => column.notNull())
    .execute();
}

/** The details table (made by `createAppTables`). */
export function campaignDetailsTable(db: Kysely<AppTables>): CampaignDetailsTable {
  return {
    async get(campaignId) {
      const row = await db.selectFrom('app_campaign_details').select('description').where('campaign_id', '=', campaignId).executeTakeFirst();
      return row === undefined ? { description: '' } : rowSchema.parse(row);
    },
    async set(campaignId, { description }) {
      await db
        .insertInto('app_campaign_details')
        .values({ campaign_id: campaignId, description })
        .onConflict((conflict) => conflict.column('campaign_id').doUpdateSet({ description }))
        .execute();
    },
    async delete(campaignId) {
      await db.deleteFrom('app_campaign_details').where('campaign_id', '=', campaignId).execute();
    }
  };
}

/**
 * The secret better-auth signs sessions with, kept in the database itself (table `app_secrets`, for
 * PostgreSQL, where there is no folder "beside the database"): made by whichever web app starts
 * first, read by every other, so that app servers on one database accept each other's sessions and
 * survive restarts.
 */
export async function secretKeptIn(db: Kysely<AppTables>, name: string): Promise<string> {
  const made = crypto.randomBytes(32).toString('base64url');
  // Two apps starting at once both insert; the second's insert does nothing and both read the first's.
  await db.insertInto('app_secrets').values({ name, value: made }).onConflict((conflict) => conflict.column('name').doNothing()).execute();
  return secretRow.parse(await db.selectFrom('app_secrets').select('value').where('name', '=', name).executeTakeFirstOrThrow()).value;
}

/**
 * Earlier versions of the app (on SQLite only) kept the sender in its details table, where the
 * worker never looked. Hands each one to its campaign in the store (unless the store already has
 * one), then drops the column, so that only one copy is left. Writing the store first: a crash in
 * between repeats the move.
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
