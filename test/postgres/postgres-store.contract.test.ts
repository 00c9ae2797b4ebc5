import { migrate } from '../../adapters/postgres/migrations.js';
import { createPostgresStore } from '../../adapters/postgres/postgres-store.js';
import { describeStoreContract } from '../contracts/store.contract.js';
import { poolOnFreshSchema } from './fresh-schema.js';

describeStoreContract('PostgreSQL', async () => {
  const pool = await poolOnFreshSchema();
  await migrate(pool);
  return { store: createPostgresStore(pool), close: () => pool.end() };
});
