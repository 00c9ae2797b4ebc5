import { createSqliteStore, openSqliteDatabase } from '../../adapters/sqlite/index.js';
import { describeStoreContract } from '../contracts/store.contract.js';
import { tempFolder } from './temp-database.js';

describeStoreContract('SQLite on disk', async () => {
  const temp = tempFolder();
  const db = openSqliteDatabase(temp.file());
  return {
    store: createSqliteStore(db),
    close: async () => {
      db.close();
      temp.remove();
    }
  };
});
