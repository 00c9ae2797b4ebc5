import { createMemoryStore } from '../../adapters/memory/memory-store.js';
import { describeStoreContract } from '../contracts/store.contract.js';

describeStoreContract('memory', async () => ({ store: createMemoryStore(), close: async () => {} }));
