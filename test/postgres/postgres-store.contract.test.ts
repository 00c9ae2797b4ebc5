import { createPostgresStore } from '../../adapters/postgres/postgres-store.js';
import { describeStoreContract } from '../contracts/store.contract.js';
import { poolOnMigratedDatabase } from './fresh-database.js';

describeStoreContract('PostgreSQL', async () => {
  const pool = await poolOnMigratedDatabase();
  return { store: createPostgresStore(pool), close: () => pool.end() };
});
