import { env } from '$env/dynamic/private';
import { env as publicEnv } from '$env/dynamic/public';
import type Database from 'better-sqlite3';
import crypto from 'node:crypto';
import { createSystemClock } from '../../../adapters/clock/system-clock.js';
import type { Clock } from '../../../core/ports/clock.js';
import type { Store } from '../../../core/ports/store.js';
import { campaignDetailsTable, moveSendersIntoStore, type CampaignDetailsTable } from './app-tables.js';
import { createAuth, migrateAuth, type Auth } from './auth.js';
import { authSecret } from './auth-secret.js';
import { administratorFromEnv } from './users.js';

/**
 * Everything the server side of the app talks to, built once per process. This is the one place
 * that opens the database, picks the clock and ids, and starts the in-process worker: routes and
 * hooks only ask `services()`, and tests install their own with `installServices`.
 */
export interface Services {
  db: Database.Database;
  store: Store;
  auth: Auth;
  clock: Clock;
  newId(prefix: string): string;
  details: CampaignDetailsTable;
  close(): Promise<void>;
}

let current: Promise<Services> | null = null;

export function services(): Promise<Services> {
  current ??= openServices();
  return current;
}

/** For tests: the services the handlers will use from now on. */
export function installServices(installed: Services): void {
  current = Promise.resolve(installed);
}

export const defaultDatabasePath = './data/proactive-sms.db';

/** The address browsers reach the app at: adapter-node's ORIGIN, else the local default of `npm start`. */
export function appOrigin(): string {
  return env.ORIGIN || `http://${env.HOST && env.HOST !== '0.0.0.0' ? env.HOST : '127.0.0.1'}:${env.PORT || '3000'}`;
}

/** Assembles services around an open database: shared by the server and the tests. */
export async function servicesFor(db: Database.Database, options: { store: Store; clock: Clock; secret: string; baseURL: string }): Promise<Services> {
  const auth = createAuth({ db, secret: options.secret, baseURL: options.baseURL });
  await migrateAuth(auth);
  await moveSendersIntoStore(db, options.store);
  return {
    db,
    store: options.store,
    auth,
    clock: options.clock,
    newId: (prefix) => `${prefix}-${crypto.randomUUID()}`,
    details: campaignDetailsTable(db),
    close: async () => {
      db.close();
    }
  };
}

/**
 * The sender, in this process: through Twilio when TWILIO_* is set, else the simulated provider
 * (its messages logged in the database). It waits for the database's single-sender lease, so a
 * `proactive-sms worker` elsewhere and this one never send at once. Stopped when adapter-node
 * shuts down, after the send in flight is recorded.
 */
async function startInProcessWorker(db: Database.Database, store: Store, clock: Clock): Promise<() => Promise<void>> {
  const { createWorkerLogger, startWorkerFromEnv } = await import('../../../adapters/worker/index.js');
  const logger = createWorkerLogger({ readable: Boolean(process.stdout.isTTY), write: (text) => void process.stdout.write(text) });
  // Kit hides PUBLIC_-prefixed variables (PUBLIC_BASE_URL, Twilio's callback address) from the private env.
  const started = startWorkerFromEnv({ env: { ...publicEnv, ...env }, db, store, clock, logger });
  if (!started.ok) throw new Error(`The in-process worker cannot start: ${started.message} (WORKER=off runs the app without it).`);
  const { worker } = started;
  worker.stopped.catch((error: unknown) => logger.error({ error: String(error) }, 'the in-process worker stopped'));
  process.once('sveltekit:shutdown', () => void worker.stop());
  return () => worker.stop();
}

async function openServices(): Promise<Services> {
  const databasePath = env.DATABASE_PATH || defaultDatabasePath;
  // Loaded here, not at the top: tests install their own services and never open a file.
  const { createSqliteStore, openSqliteDatabase } = await import('../../../adapters/sqlite/index.js');
  const db = openSqliteDatabase(databasePath);
  const clock = createSystemClock();
  const built = await servicesFor(db, {
    store: createSqliteStore(db),
    clock,
    secret: authSecret(env.BETTER_AUTH_SECRET, databasePath),
    baseURL: appOrigin()
  });
  await administratorFromEnv(built.auth, db, env, clock.nowMs());
  if (env.WORKER === 'off') return built;
  const stopWorker = await startInProcessWorker(db, built.store, clock);
  return {
    ...built,
    close: async () => {
      await stopWorker();
      await built.close();
    }
  };
}
