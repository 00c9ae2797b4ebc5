import type Database from 'better-sqlite3';
import type pg from 'pg';
import type { Store, StoreChanges } from '../../core/ports/store.js';
import { PostgresDatabaseError } from '../postgres/database-error.js';
import { createPostgresMessageLog } from '../postgres/message-log.js';
import { openPostgresStore } from '../postgres/open-store.js';
import { inPostgresTransaction } from '../postgres/postgres-store.js';
import { createSqliteMessageLog, createSqliteStore, DatabaseFileError, openSqliteDatabase } from '../sqlite/index.js';
import type { SimulatedMessageLog } from '../worker/simulated-provider.js';
import type { DatabaseTarget } from './target.js';

/** An open database, whichever kind: its Store and what else lives beside it. */
export interface OpenDatabase {
  readonly target: DatabaseTarget;
  readonly store: Store;
  /** Notices that campaigns or lists changed, sooner than polling `revision()`: PostgreSQL's LISTEN; none on SQLite. */
  readonly changes?: StoreChanges;
  /** The connection under the store, for what shares the database (the web app's sign-in tables). */
  readonly handle: { kind: 'sqlite'; db: Database.Database } | { kind: 'postgres'; pool: pg.Pool };
  /** The simulated provider's own log of what it "sent", in this database. */
  simulatedLog(): SimulatedMessageLog;
  /**
   * Runs `work` with a store whose writes commit together when it returns, or not at all when it
   * throws; other processes see none of them before the end.
   */
  atomically<T>(work: (store: Store) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/**
 * Opens the database `target` names, creating and migrating it as needed (`readonly`: an SQLite
 * file is only read, and must exist; PostgreSQL is migrated all the same, as any process on it
 * may). A database that cannot be used throws the adapter's one-sentence error:
 * DatabaseFileError for a file, PostgresDatabaseError for a server.
 */
export async function openDatabase(target: DatabaseTarget, options: { readonly?: boolean } = {}): Promise<OpenDatabase> {
  if (target.kind === 'postgres') {
    const { store, pool, changes, close } = await openPostgresStore(target.url);
    return {
      target,
      store,
      changes,
      handle: { kind: 'postgres', pool },
      simulatedLog: () => createPostgresMessageLog(pool),
      atomically: (work) => inPostgresTransaction(pool, work),
      close
    };
  }
  const db = openSqliteDatabase(target.path, { readonly: options.readonly === true });
  return {
    target,
    store: createSqliteStore(db),
    handle: { kind: 'sqlite', db },
    simulatedLog: () => createSqliteMessageLog(db),
    atomically: (work) => inSqliteTransaction(db, work),
    close: async () => {
      db.close();
    }
  };
}

/** The one sentence saying why a database cannot be used, when `error` is that (else null: a bug, or a failure under way). */
export function databaseProblem(error: unknown): string | null {
  return error instanceof PostgresDatabaseError || error instanceof DatabaseFileError ? error.message : null;
}

/**
 * One immediate transaction around `work`, its commit synced to disk (FULL) as a whole; the store
 * inside must not switch the setting in the middle of it, so it is one that never does.
 */
async function inSqliteTransaction<T>(db: Database.Database, work: (store: Store) => Promise<T>): Promise<T> {
  const store = createSqliteStore(db, { syncClaims: false });
  const synchronous = db.pragma('synchronous', { simple: true }) as number;
  db.pragma('synchronous = FULL');
  db.exec('BEGIN IMMEDIATE');
  try {
    const result = await work(store);
    db.exec('COMMIT');
    return result;
  } catch (error) {
    if (db.inTransaction) db.exec('ROLLBACK');
    throw error;
  } finally {
    db.pragma(`synchronous = ${synchronous}`);
  }
}
