import type pg from 'pg';
import { migrationLock } from './advisory-locks.js';
import { PostgresDatabaseError } from './database-error.js';
import { initialSchema } from './migrations/001-initial.js';
import { campaignSenderSchema } from './migrations/002-campaign-sender.js';
import { simulatedMessageOrderSchema } from './migrations/003-simulated-message-order.js';
import { sendFunctionsSchema } from './migrations/004-send-functions.js';
import { inTransaction } from './transaction.js';

export interface Migration {
  /** The schema version the database is at once this has run (1, 2, …, in order). */
  version: number;
  sql: string;
}

/** Every schema version, oldest first. A new version is appended here, never edited in place. */
export const migrations: readonly Migration[] = [
  { version: 1, sql: initialSchema },
  { version: 2, sql: campaignSenderSchema },
  { version: 3, sql: simulatedMessageOrderSchema },
  { version: 4, sql: sendFunctionsSchema }
];

/**
 * Brings the database (the first schema of the connection's search path) up to the latest schema:
 * all pending migrations in one transaction, so that a failure half way leaves it as it was.
 * Processes starting together take turns on an advisory lock, so only the first migrates and the
 * others find it done. A database written by a newer version is refused, untouched: this code
 * cannot know its rows. Answers the version the database is at.
 */
export async function migrate(pool: pg.Pool, all: readonly Migration[] = migrations): Promise<number> {
  const latest = all.at(-1)?.version ?? 0;
  return inTransaction(pool, async (client) => {
    await client.query('SELECT pg_advisory_xact_lock($1, $2)', [...migrationLock]);
    await client.query(`
      CREATE TABLE IF NOT EXISTS schema_version (
        id integer PRIMARY KEY CHECK (id = 1),
        version integer NOT NULL
      )`);
    const current = await schemaVersion(client);
    if (current > latest) {
      const where = await databaseName(client);
      throw new PostgresDatabaseError(
        where,
        `The PostgreSQL database ${where} was written by a newer version of proactive-sms (schema ${current}, this one knows up to ${latest}): upgrade proactive-sms to use it.`
      );
    }
    for (const migration of all) {
      if (migration.version <= current) continue;
      await client.query(migration.sql);
    }
    if (latest > current) {
      await client.query(
        'INSERT INTO schema_version (id, version) VALUES (1, $1) ON CONFLICT (id) DO UPDATE SET version = excluded.version',
        [latest]
      );
    }
    return Math.max(current, latest);
  });
}

/** The database's schema version: 0 before the first migration. */
export async function schemaVersion(client: pg.ClientBase): Promise<number> {
  const { rows } = await client.query<{ version: number }>('SELECT version FROM schema_version WHERE id = 1');
  return rows[0]?.version ?? 0;
}

/** `host:port/name (schema s)` of the connection, for messages; the schema only when not `public`. */
async function databaseName(client: pg.ClientBase): Promise<string> {
  const { rows } = await client.query<{ db: string; schema: string | null }>('SELECT current_database() AS db, current_schema() AS schema');
  const { host, port } = client as unknown as { host: string; port: number };
  const schema = rows[0]?.schema;
  return `"${rows[0]?.db ?? '?'}" on ${host}:${port}${schema !== undefined && schema !== null && schema !== 'public' ? ` (schema ${schema})` : ''}`;
}
