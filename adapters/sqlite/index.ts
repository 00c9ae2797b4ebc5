/**
 * The durable store on one SQLite file (better-sqlite3), shared by the worker and the web app.
 *
 * - `openSqliteDatabase(path)` opens or creates the file and migrates it; `createSqliteStore(db)`
 *   is the Store on it; `createSqliteMessageLog(db)` is the simulated provider's own log.
 * - In WAL mode the file has two companions, `<file>-wal` and `<file>-shm`: copy all three only
 *   while nothing runs, or take a consistent copy at any time with `VACUUM INTO '<copy>'`.
 * - A problem with the file itself (not a database, a newer schema, read-only, disk full) is a
 *   DatabaseFileError: one sentence naming the file, and what was committed before it is kept.
 */
export { createSqliteStore } from './sqlite-store.js';
export { openSqliteDatabase, type OpenOptions } from './open-database.js';
export { DatabaseFileError } from './database-file-error.js';
export { createSqliteMessageLog, type SimulatedMessage, type SqliteMessageLog } from './message-log.js';
export { migrate, migrations, type Migration } from './migrations.js';
