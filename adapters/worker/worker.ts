import { randomInt } from 'node:crypto';
import { hostname } from 'node:os';
import type { Clock } from '../../core/ports/clock.js';
import type { IdSource } from '../../core/ports/ids.js';
import type { Provider } from '../../core/ports/provider.js';
import { seededRandom, type Random } from '../../core/ports/random.js';
import type { Store } from '../../core/ports/store.js';
import { createRuntime, LeaseLostError, type Runtime } from '../../core/runtime/index.js';
import { silentLogger, type WorkerLogger } from './logger.js';
import type { TestPause } from './test-hooks.js';
import { uniqueIds } from './unique-ids.js';
import { watchedProvider } from './watched-provider.js';

/** The lease every sending worker must hold; one name for the whole database. */
export const senderLease = 'sender';

/** How the single-writer lease is kept. The defaults let a waiting worker take over within 12 s of a crash. */
export interface LeaseTiming {
  /** How long a lease lasts unless renewed. */
  ttlMs: number;
  /** How often the holder renews it: a few renewals may fail or run late before it expires. */
  renewEveryMs: number;
  /** How often a worker without the lease tries to take it. */
  retryEveryMs: number;
  /** How often the holder asks the store whether campaigns or lists changed. */
  revisionPollMs: number;
}

export const defaultLeaseTiming: LeaseTiming = { ttlMs: 10_000, renewEveryMs: 3_000, retryEveryMs: 2_000, revisionPollMs: 1_000 };

export interface WorkerOptions {
  store: Store;
  provider: Provider;
  clock: Clock;
  logger?: WorkerLogger;
  /** Who this worker is in the lease table; unique per process by default. */
  holder?: string;
  random?: Random;
  ids?: IdSource;
  /** Stop once nothing can ever be sent again, instead of waiting for new lists. */
  exitWhenIdle?: boolean;
  timing?: Partial<LeaseTiming>;
  /** How long reconciliation waits for the provider to show a message (the runtime's default: two minutes). */
  acceptanceWindowMs?: number;
  /** TEST ONLY: see test-hooks.ts. */
  testPause?: TestPause | null;
}

export interface Worker {
  readonly holder: string;
  /** Settles when the worker has stopped and given its lease up; rejects with what stopped it otherwise. */
  readonly stopped: Promise<void>;
  /** Lets the call in flight finish and its outcome be recorded, gives the lease up, and resolves. */
  stop(): Promise<void>;
}

/**
 * The production sender: waits for the single-writer lease, then runs the runtime while it holds
 * it, renewing it as it goes and re-planning when the store says campaigns or lists changed. Every
 * claim the runtime makes carries the lease, so a worker that lost it (paused too long, its
 * renewals failing) cannot send: its next claim is refused and it goes back to waiting.
 */
export function startWorker(options: WorkerOptions): Worker {
  const { store, clock } = options;
  const logger = options.logger ?? silentLogger;
  const timing = { ...defaultLeaseTiming, ...options.timing };
  const holder = options.holder ?? defaultHolder();
  const random = options.random ?? seededRandom(randomInt(2 ** 31));
  const ids = options.ids ?? uniqueIds();
  const stopping = new AbortController();
  /** Until when the lease is surely ours: its expiry as of the last renewal, counted from before the renewal was asked. */
  let leaseValidUntilMs = Number.NEGATIVE_INFINITY;
  const provider = watchedProvider(options.provider, {
    logger,
    clock,
    holdsLease: () => clock.nowMs() < leaseValidUntilMs,
    testPause: options.testPause ?? null
  });

  /** Sleeps `ms` unless the worker stops meanwhile; false if it did. */
  async function rest(ms: number, signal: AbortSignal): Promise<boolean> {
    try {
      await clock.sleepUntil(clock.nowMs() + ms, signal);
      return true;
    } catch {
      return false;
    }
  }

  async function takeLease(): Promise<boolean> {
    const askedAtMs = clock.nowMs();
    const held = await store.acquireLease(senderLease, holder, askedAtMs, timing.ttlMs);
    leaseValidUntilMs = held ? askedAtMs + timing.ttlMs : Number.NEGATIVE_INFINITY;
    return held;
  }

  /** Renews the lease until `term` ends; calls `lost` (once) if a renewal fails. */
  async function keepLease(term: AbortSignal, lost: () => void): Promise<void> {
    while (await rest(timing.renewEveryMs, term)) {
      let held: boolean;
      try {
        held = await takeLease();
      } catch (error) {
        logger.error({ err: error }, 'could not renew the lease');
        held = false;
      }
      if (!held) {
        lost();
        return;
      }
    }
  }

  /**
   * Re-plans when another process (the web app, `import`) changed campaigns or lists, and logs each
   * list's status when it changes. Lists already completed or stopped when first seen are not
   * announced, and lists that ended are not asked again: a database keeps months of them.
   */
  async function watchStore(term: AbortSignal, runtime: Runtime, seen: number): Promise<void> {
    const statuses = new Map<string, string>();
    const ended = new Set<string>();
    do {
      try {
        const revision = await store.revision();
        if (revision !== seen) {
          seen = revision;
          logger.info({ revision }, 'campaigns or lists changed: re-planning');
          await runtime.refresh();
        }
        for (const campaign of await store.campaigns()) {
          for (const list of await store.lists(campaign.id)) {
            if (ended.has(list.id)) continue;
            const { status, completion, sent, total } = await runtime.listStatus(list.id);
            const shown = `${status}/${completion ?? ''}`;
            const firstSeen = !statuses.has(list.id);
            if (status === 'completed' || status === 'stopped') ended.add(list.id);
            if (statuses.get(list.id) === shown) continue;
            statuses.set(list.id, shown);
            if (firstSeen && ended.has(list.id)) continue;
            logger.info({ campaign: campaign.id, list: list.id, status, completion, sent, total }, 'list status');
          }
        }
      } catch (error) {
        logger.error({ err: error }, 'could not read campaigns and lists from the store; trying again');
      }
    } while (await rest(timing.revisionPollMs, term));
  }

  /** One term of holding the lease: why it ended. */
  async function sendWhileHolding(): Promise<'idle' | 'stopped' | 'lease_lost'> {
    const lostLease = new AbortController();
    // Ends when the worker stops, whenever that was asked (even before this term began), or the lease is lost.
    const term = AbortSignal.any([stopping.signal, lostLease.signal]);
    let lost = false;
    const revision = await store.revision();
    const interrupted = await store.unfinishedAttempts();
    if (interrupted.length > 0) {
      logger.warn({ attempts: interrupted.length }, 'sends interrupted before their outcome was recorded: reconciling them with the provider before sending anything else');
    }
    const runtime = createRuntime({
      clock,
      store,
      provider,
      random,
      ids,
      lease: { name: senderLease, holder },
      ...(options.acceptanceWindowMs === undefined ? {} : { acceptanceWindowMs: options.acceptanceWindowMs })
    });
    const keeping = keepLease(term, () => {
      lost = true;
      lostLease.abort();
    });
    const watching = watchStore(term, runtime, revision);
    try {
      await runtime.run({ signal: term, exitWhenIdle: options.exitWhenIdle === true });
      return lost ? 'lease_lost' : stopping.signal.aborted ? 'stopped' : 'idle';
    } catch (error) {
      if (error instanceof LeaseLostError) return 'lease_lost';
      throw error;
    } finally {
      lostLease.abort();
      await Promise.allSettled([keeping, watching]);
      await runtime.close();
    }
  }

  async function work(): Promise<void> {
    let waiting = false;
    try {
      while (!stopping.signal.aborted) {
        if (!(await takeLease())) {
          if (!waiting) logger.info({ holder }, 'another worker holds the lease: waiting to take over');
          waiting = true;
          await rest(timing.retryEveryMs, stopping.signal);
          continue;
        }
        waiting = false;
        logger.info({ holder, ttlMs: timing.ttlMs }, 'lease taken: sending');
        const ended = await sendWhileHolding();
        if (ended === 'idle') {
          logger.info('nothing left that could ever be sent');
          return;
        }
        if (ended === 'lease_lost') logger.warn({ holder }, 'lease lost: stopped sending, waiting to take it back');
      }
    } finally {
      leaseValidUntilMs = Number.NEGATIVE_INFINITY;
      await store.releaseLease(senderLease, holder).catch((error: unknown) => logger.error({ err: error }, 'could not release the lease'));
      logger.info({ holder }, 'worker stopped, lease released');
    }
  }

  const stopped = work();
  return {
    holder,
    stopped,
    async stop() {
      stopping.abort();
      await stopped;
    }
  };
}

function defaultHolder(): string {
  return `${hostname()}/${process.pid}/${randomInt(2 ** 31).toString(36)}`;
}
