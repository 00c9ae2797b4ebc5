import { mkdirSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
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
  // SQLite answers a folder with an I/O error, which the user would read as a failing disk.
  if (isFolder(fullPath)) {
    throw new DatabaseFileError(fullPath, `${fullPath} is a folder, not a database file; give the path of a file, such as ${join(fullPath, 'proactive-sms.db')}.`);
  }
  let db: Database.Database | null = null;
  try {
    if (options.readonly !== true) makeFolderOf(fullPath);
    db = new Database(fullPath, { readonly: options.readonly === true, fileMustExist: options.readonly === true });
    // The worker and the web app write to the same file: wait for each other's short
    // transactions instead of failing at once with SQLITE_BUSY.
    db.pragma(`busy_timeout = ${options.busyTimeoutMs ?? 5_000}`);
    // Readers (the web app) never block the writer and the writer never blocks them.
    if (options.readonly !== true) db.pragma('journal_mode = WAL');
    // NORMAL: in WAL mode a commit then writes the log without syncing it (syncs come at
    // checkpoints), so a killed process loses nothing, but a power cut or a host crash can roll
    // back the commits made since the last sync. FULL would sync at every commit, about one disk
    // flush per transaction (several per send). The store makes the commits that a power cut must
    // not undo (claims, opt-outs, stops) with FULL, which also syncs everything before them; what
    // a power cut can then lose (the outcome of the last sends, a few delivery statuses) start-up
    // reconciles with the provider. See createSqliteStore.
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    // 64 MiB of pages instead of SQLite's 2 MiB: the send log's indexes of a 100k-recipient run
    // outgrow 2 MiB, and every send then reads pages back from the OS (a third slower, measured).
    db.pragma('cache_size = -65536');
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

/** Whether `path` is a folder; anything that cannot be stat'ed (missing, under a file) is left to SQLite and makeFolderOf. */
function isFolder(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

function makeFolderOf(path: string): void {
  try {
    mkdirSync(dirname(path), { recursive: true });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'an error';
    throw new DatabaseFileError(path, `The folder of ${path} cannot be created (${code}): check the path and its permissions.`, { cause: error });
  }
}
