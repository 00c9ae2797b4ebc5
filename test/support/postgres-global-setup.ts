import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { migrate } from '../../adapters/postgres/migrations.js';
import { startPostgresServer } from './postgres-server.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The superuser's URL of the `postgres` database of the server the PostgreSQL test files share. */
    postgresUrl: string;
    /** A database of that server migrated to the latest schema and left empty, to copy (CREATE DATABASE … TEMPLATE). */
    postgresTemplate: string;
  }
}

/**
 * Global setup of the "postgres" test project: one throwaway server for all its files (vitest
 * calls this only when one of them is queued), with a migrated empty database that tests copy
 * when they want a store of their own (a copy costs a tenth of migrating a new one).
 */
export default async function startSharedPostgres(project: TestProject): Promise<() => Promise<void>> {
  const server = await startPostgresServer();
  try {
    const template = 'migrated_template';
    const pool = new pg.Pool({ connectionString: await server.createDatabase(template) });
    try {
      await migrate(pool);
    } finally {
      await pool.end();
    }
    project.provide('postgresUrl', server.url());
    project.provide('postgresTemplate', template);
  } catch (error) {
    await server.close();
    throw error;
  }
  return () => server.close();
}
