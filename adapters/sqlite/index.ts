export { createSqliteStore } from './sqlite-store.js';
export { openSqliteDatabase, type OpenOptions } from './open-database.js';
export { DatabaseFileError } from './database-file-error.js';
export { createSqliteMessageLog, type SimulatedMessage, type SqliteMessageLog } from './message-log.js';
export { migrate, migrations, type Migration } from './migrations.js';
