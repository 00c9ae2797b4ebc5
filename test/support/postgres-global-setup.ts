import type { TestProject } from 'vitest/node';
import { startPostgresServer } from './postgres-server.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The superuser's URL of the `postgres` database of the server the PostgreSQL test files share. */
    postgresUrl: string;
  }
}

/**
 * Global setup of the "postgres" test project: one throwaway server for all its files (vitest
 * calls this only when one of them is queued); each test makes its own schema in it.
 */
export default async function startSharedPostgres(project: TestProject): Promise<() => Promise<void>> {
  const server = await startPostgresServer();
  project.provide('postgresUrl', server.url());
  return () => server.close();
}
