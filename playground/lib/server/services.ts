import { env } from '$env/dynamic/private';
import { env as publicEnv } from '$env/dynamic/public';
import crypto from 'node:crypto';
import { createSystemClock } from '../../../adapters/clock/system-clock.js';
import type { OpenDatabase } from '../../../adapters/database/open.js';
import type { Clock } from '../../../core/ports/clock.js';
import type { Store } from '../../../core/ports/store.js';
import { appTables, campaignDetailsTable, createAppTables, moveSendersIntoStore, secretKeptIn, type AppDatabase, type CampaignDetailsTable } from './app-tables.js';
import { createAuth, migrateAuth, type Auth } from './auth.js';
import { createFirstAdministrator, type FirstAdministrator, type FirstAdministratorResult } from './first-administrator.js';
import { authSecret } from './auth-secret.js';
import { oneAtATime } from './migration-lock.js';
import { administratorFromEnv } from './users.js';

/**
 * Everything the server side of the app talks to, built once per process. This is the one place
 * that opens the database, picks the clock and ids, and starts the in-process worker: routes and
 * hooks only ask `services()`, and tests install their own with `installServices`.
 */
export interface Services {
  store: Store;
  auth: Auth;
  clock: Clock;
  newId(prefix: string): string;
  details: CampaignDetailsTable;
  /** "Create the first administrator", at most once per database (see first-administrator.ts). */
  createFirstAdministrator(user: FirstAdministrator): Promise<FirstAdministratorResult>;
  close(): Promise<void>;
}

/** The database the settings name cannot be used: `message` is the one sentence saying why and what to do. */
export class UnusableDatabase extends Error {
  override readonly name = 'UnusableDatabase';
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

/** The address browsers reach the app at: adapter-node's ORIGIN, else the local default of `npm start`. */
export function appOrigin(): string {
  return env.ORIGIN || `http://${env.HOST && env.HOST !== '0.0.0.0' ? env.HOST : '127.0.0.1'}:${env.PORT || '3000'}`;
}

/**
 * Assembles services around an open database: shared by the server and the tests. Closing them
 * closes the database. Without a `secret`, the one kept in the database is used (made if missing).
 */
export async function servicesFor(database: AppDatabase, options: { store: Store; clock: Clock; secret?: string; baseURL: string }): Promise<Services> {
  const tables = appTables(database);
  if (database.kind === 'sqlite') await moveSendersIntoStore(database.db, options.store);
  const auth = await oneAtATime(database, async () => {
    await createAppTables(tables);
    const auth = createAuth({ database, secret: options.secret ?? (await secretKeptIn(tables, 'better-auth')), baseURL: options.baseURL });
    await migrateAuth(auth);
    return auth;
  });
  return {
    store: options.store,
    auth,
    clock: options.clock,
    newId: (prefix) => `${prefix}-${crypto.randomUUID()}`,
    details: campaignDetailsTable(tables),
    createFirstAdministrator: (user) => createFirstAdministrator(auth, tables, user, options.clock.nowMs()),
    close: async () => {
      if (database.kind === 'sqlite') database.db.close();
      else await database.pool.end();
    }
  };
}

/**
 * The sender, in this process: through Twilio when TWILIO_* is set, else the simulated provider
 * (its messages logged in the database). It waits for the database's single-sender lease, so a
 * `proactive-sms worker` elsewhere and this one never send at once. Stopped when adapter-node
 * shuts down, after the send in flight is recorded.
 */
async function startInProcessWorker(opened: OpenDatabase, clock: Clock): Promise<() => Promise<void>> {
  const { createWorkerLogger, startWorkerFromEnv } = await import('../../../adapters/worker/index.js');
  const { shownDatabase } = await import('../../../adapters/database/target.js');
  const logger = createWorkerLogger({ readable: Boolean(process.stdout.isTTY), write: (text) => void process.stdout.write(text) });
  const started = startWorkerFromEnv({
    // Kit hides PUBLIC_-prefixed variables (PUBLIC_BASE_URL, Twilio's callback address) from the private env.
    env: { ...publicEnv, ...env },
    store: opened.store,
    changes: opened.changes,
    simulatedLog: opened.simulatedLog,
    clock,
    logger,
    databaseName: shownDatabase(opened.target, process.cwd())
  });
  if (!started.ok) throw new Error(`The in-process worker cannot start: ${started.message} (WORKER=off runs the app without it).`);
  const { worker } = started;
  worker.stopped.catch((error: unknown) => logger.error({ error: String(error) }, 'the in-process worker stopped'));
  process.once('sveltekit:shutdown', () => void worker.stop());
  return () => worker.stop();
}

async function openServices(): Promise<Services> {
  // Loaded here, not at the top: tests install their own services and never open a database.
  const { chooseDatabase } = await import('../../../adapters/database/target.js');
  const { databaseProblem, openDatabase } = await import('../../../adapters/database/open.js');
  // DATABASE_URL (postgres://…), else DATABASE_PATH, else ./data/proactive-sms.db: as the CLI decides.
  const choice = chooseDatabase(undefined, env, process.cwd());
  if (!choice.ok) throw new UnusableDatabase(choice.message);
  const opened = await openDatabase(choice.target).catch((error: unknown) => {
    const problem = databaseProblem(error);
    throw problem === null ? error : new UnusableDatabase(problem, { cause: error });
  });
  const clock = createSystemClock();
  // On PostgreSQL there is no folder beside the database: unset, the secret is kept in it.
  const secret = choice.target.kind === 'sqlite' ? authSecret(env.BETTER_AUTH_SECRET, choice.target.path) : env.BETTER_AUTH_SECRET || undefined;
  const built = await servicesFor(opened.handle, { store: opened.store, clock, secret, baseURL: appOrigin() });
  await administratorFromEnv(built, env);
  if (env.WORKER === 'off') return built;
  const stopWorker = await startInProcessWorker(opened, clock);
  return {
    ...built,
    close: async () => {
      await stopWorker();
      await built.close();
    }
  };
}
