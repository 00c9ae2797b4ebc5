import { randomInt } from 'node:crypto';
import type { Clock } from '../../core/ports/clock.js';
import { seededRandom } from '../../core/ports/random.js';
import type { Store, StoreChanges } from '../../core/ports/store.js';
import type { WorkerLogger } from './logger.js';
import { providerFromEnv } from './provider-from-env.js';
import type { SimulatedMessageLog } from './simulated-provider.js';
import { readTestHooks } from './test-hooks.js';
import { startWorker, type Worker } from './worker.js';

export type WorkerFromEnv = { ok: true; worker: Worker } | { ok: false; message: string };

/**
 * The production wiring, as `proactive-sms worker` and the web app's in-process worker both need
 * it: the environment (TWILIO_*, the test-only hooks) and an open database (its store, and where
 * the simulated provider logs what it sends: `openDatabase` gives both, for SQLite or PostgreSQL)
 * in, a started worker out, or one sentence naming the setting that is wrong.
 */
export function startWorkerFromEnv(options: {
  env: Readonly<Record<string, string | undefined>>;
  store: Store;
  /** Notices that campaigns or lists changed, when the database gives them (PostgreSQL's LISTEN); else the worker polls. */
  changes?: StoreChanges;
  /** The simulated provider's log in the store's database; asked for only when Twilio is not configured. */
  simulatedLog: () => SimulatedMessageLog;
  clock: Clock;
  logger: WorkerLogger;
  exitWhenIdle?: boolean;
  /** What the first log line calls the database (never with a password). */
  databaseName: string;
}): WorkerFromEnv {
  const { env, clock, logger } = options;
  const test = readTestHooks(env);
  if (!test.ok) return test;
  const random = seededRandom(randomInt(2 ** 31));
  const choice = providerFromEnv(env, { clock, random, simulatedLog: options.simulatedLog });
  if (!choice.ok) return choice;
  if (test.ignored !== null) logger.warn(test.ignored);
  const { pause, acceptanceWindowMs, leaseTtlMs } = test.hooks;
  if (pause !== null || acceptanceWindowMs !== null || leaseTtlMs !== null) logger.warn(test.hooks, 'TEST-ONLY hooks are on');
  logger.info({ database: options.databaseName, provider: choice.description }, 'worker starting');
  const worker = startWorker({
    store: options.store,
    changes: options.changes,
    provider: choice.provider,
    clock,
    random,
    logger,
    exitWhenIdle: options.exitWhenIdle === true,
    testPause: pause,
    ...(acceptanceWindowMs === null ? {} : { acceptanceWindowMs }),
    ...(leaseTtlMs === null ? {} : { timing: { ttlMs: leaseTtlMs, renewEveryMs: leaseTtlMs / 3, retryEveryMs: leaseTtlMs / 5 } })
  });
  return { ok: true, worker };
}
