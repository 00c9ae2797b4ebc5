import pg from 'pg';
import { z } from 'zod';
import type { Store, StoreChanges } from '../../core/ports/store.js';
import { listenForChanges } from './changes.js';
import { PostgresDatabaseError } from './database-error.js';
import { migrate } from './migrations.js';
import { createPostgresStore } from './postgres-store.js';

export interface OpenPostgresStore {
  store: Store;
  /** The pool the store uses, for whatever else shares the database (the web app's sign-in). */
  pool: pg.Pool;
  /** Notices that campaigns or lists changed, by LISTEN on a connection of its own. */
  changes: StoreChanges;
  /** Ends the pool's connections once the queries under way are done. */
  close(): Promise<void>;
}

export interface OpenPostgresOptions {
  /** Connections the pool may hold at once (node-postgres's default is 10). */
  maxConnections?: number;
}

const postgresUrl = z.string().regex(/^postgres(ql)?:\/\/[^/]/, 'expected a URL starting with postgres:// or postgresql://');

/**
 * Opens the Store on the PostgreSQL database at `url` (`postgres://user:password@host:port/name`;
 * `?options=-c search_path=…` picks a schema), migrated to the latest schema. A database that
 * cannot be reached or used throws a PostgresDatabaseError naming it (never the password).
 */
export async function openPostgresStore(url: string, options: OpenPostgresOptions = {}): Promise<OpenPostgresStore> {
  const checked = postgresUrl.safeParse(url);
  if (!checked.success) throw new PostgresDatabaseError(describe(url), `--db / DATABASE_URL: ${checked.error.issues[0]?.message ?? 'not a PostgreSQL URL'}.`);
  const pool = new pg.Pool({ connectionString: url, max: options.maxConnections });
  // An idle connection the server dropped (a restart, a fail-over) is reported here; without a
  // listener it would end the process. The pool replaces it at the next query.
  pool.on('error', () => {});
  try {
    await migrate(pool);
  } catch (error) {
    await pool.end();
    throw asPostgresDatabaseError(error, url);
  }
  return { store: createPostgresStore(pool), pool, changes: listenForChanges({ connectionString: url }), close: () => pool.end() };
}

/** What a connection's failure means for a person, by the code node-postgres or the server gives. */
const connectionProblems: Readonly<Record<string, (where: string) => string>> = {
  ECONNREFUSED: (where) => `Nothing answers at ${where}: start PostgreSQL there, or correct --db / DATABASE_URL.`,
  ENOTFOUND: (where) => `The host of ${where} is unknown: correct --db / DATABASE_URL.`,
  ETIMEDOUT: (where) => `PostgreSQL at ${where} did not answer in time: check the host and the network.`,
  '28P01': (where) => `PostgreSQL at ${where} refused the user name or password in --db / DATABASE_URL.`,
  '28000': (where) => `PostgreSQL at ${where} does not let this user in (check pg_hba.conf and the user in --db / DATABASE_URL).`,
  '3D000': (where) => `There is no database ${where}: create it (createdb) or correct --db / DATABASE_URL.`,
  '42501': (where) => `The user in --db / DATABASE_URL may not create tables in ${where}: grant it CREATE on the schema, or use its owner.`
};

function asPostgresDatabaseError(error: unknown, url: string): unknown {
  if (error instanceof PostgresDatabaseError) return error;
  const code = (error as { code?: unknown } | null)?.code;
  const sentence = typeof code === 'string' ? connectionProblems[code] : undefined;
  if (sentence === undefined) return error;
  const where = describe(url);
  return new PostgresDatabaseError(where, sentence(where), { cause: error });
}

/** `"name" on host:port`, from the URL, without the user or password. */
function describe(url: string): string {
  try {
    const parsed = new URL(url);
    const name = decodeURIComponent(parsed.pathname.replace(/^\//, '')) || '(the user’s default)';
    return `"${name}" on ${parsed.hostname || 'localhost'}:${parsed.port || '5432'}`;
  } catch {
    return 'the database in --db / DATABASE_URL';
  }
}
