import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';

/**
 * A pool on a new, empty schema of the shared test server (its search path set to that schema
 * only), so that each test starts from nothing without paying for a database of its own.
 */
export async function poolOnFreshSchema(options: { max?: number } = {}): Promise<pg.Pool> {
  const schema = `t_${randomUUID().replaceAll('-', '')}`;
  const admin = new pg.Client({ connectionString: inject('postgresUrl') });
  await admin.connect();
  try {
    await admin.query(`CREATE SCHEMA ${schema}`);
  } finally {
    await admin.end();
  }
  const pool = new pg.Pool({ connectionString: inject('postgresUrl'), options: `-c search_path=${schema}`, max: options.max ?? 4 });
  pool.on('error', () => {});
  return pool;
}

/** The URL of that schema, for code that opens its own pool (`openPostgresStore`). */
export function schemaUrl(pool: pg.Pool): string {
  const options = (pool.options as { options?: string }).options ?? '';
  return `${inject('postgresUrl')}?options=${encodeURIComponent(options)}`;
}
