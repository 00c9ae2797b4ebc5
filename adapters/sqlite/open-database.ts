import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { asDatabaseFileError, DatabaseFileError } from './database-file-error.js';
import { migrate, schemaVersionKnown } from './migrations.js';

export interface OpenOptions {
  /** Open without writing (a status report); fails with DatabaseFileError on the first write. */
  readonly?: boolean;
  /** How long a write waits for another process's (the web app's, a second worker's), in ms. */
  busyTimeoutMs?: number;
}

/**
 * Opens (creating it, and its folder, if missing) the database at `path`, set up for a worker
 * and a web app sharing it, and migrated to the latest schema. A file that cannot be used throws
 * a DatabaseFileError naming it.
 */
export function openSqliteDatabase(path: string, options: OpenOptions = {}): Database.Database {
  const fullPath = resolve(path);
  let db: Database.Database | null = null;
  try {
    if (options.readonly !== true) mkdirSync(dirname(fullPath), { recursive: true });
    db = new Database(fullPath, { readonly: options.readonly === true, fileMustExist: options.readonly === true });
    // The worker and the web app write to the same file: wait for each other's short
    // transactions instead of failing at once with SQLITE_BUSY.
    db.pragma(`busy_timeout = ${options.busyTimeoutMs ?? 5_000}`);
    // Readers (the web app) never block the writer and the writer never blocks them.
    if (options.readonly !== true) db.pragma('journal_mode = WAL');
    // FULL, not NORMAL: in WAL mode NORMAL syncs the log only at checkpoints, so a power cut (or a
    // host crash; a killed process loses nothing either way) can roll back the last transactions
    // committed before it, among them claims whose messages the provider had already taken: those
    // recipients would be pending again and texted twice. FULL syncs the log at every commit.
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    // A read-only open cannot migrate; it only refuses a schema it does not know.
    if (options.readonly !== true) migrate(db, fullPath);
    else schemaVersionKnown(db, fullPath);
    return db;
  } catch (error) {
    db?.close();
    if (error instanceof DatabaseFileError) throw error;
    const fileError = asDatabaseFileError(error, fullPath);
    if (fileError instanceof DatabaseFileError) throw fileError;
    throw error;
  }
}
