export { startWorkerFromEnv, type WorkerFromEnv } from './from-env.js';
export { startWorker, campaignLease, workerLeasePrefix, defaultLeaseTiming, type Worker, type WorkerOptions, type LeaseTiming } from './worker.js';
export { providerFromEnv, type ProviderChoice } from './provider-from-env.js';
export { createSimulatedProvider, type SimulatedMessageLog } from './simulated-provider.js';
export { createWorkerLogger, silentLogger, type WorkerLogger } from './logger.js';
export { readTestHooks, type TestHooks } from './test-hooks.js';
