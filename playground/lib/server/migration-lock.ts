import { webAppMigrationLock } from '../../../adapters/postgres/advisory-locks.js';
import type { AppDatabase } from './app-tables.js';

/**
 * Runs `work` (creating or changing tables) while no other app server on the same database does:
 * on PostgreSQL, app servers starting together take turns on a session advisory lock, since two
 * concurrent `CREATE TABLE IF NOT EXISTS` of one table can fail there. SQLite's writers already
 * take turns on the file.
 */
export async function oneAtATime<T>(database: AppDatabase, work: () => Promise<T>): Promise<T> {
  if (database.kind === 'sqlite') return work();
  const client = await database.pool.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1, $2)', [...webAppMigrationLock]);
    try {
      return await work();
    } finally {
      await client.query('SELECT pg_advisory_unlock($1, $2)', [...webAppMigrationLock]);
    }
  } finally {
    client.release();
  }
}
