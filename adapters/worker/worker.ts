import { randomInt } from 'node:crypto';
import { hostname } from 'node:os';
import { Temporal } from 'temporal-polyfill';
import type { Clock } from '../../core/ports/clock.js';
import type { IdSource } from '../../core/ports/ids.js';
import type { Provider } from '../../core/ports/provider.js';
import { seededRandom, type Random } from '../../core/ports/random.js';
import type { Store, StoreChanges } from '../../core/ports/store.js';
import { createRuntime, LeaseLostError, ProviderEventHub, type Runtime } from '../../core/runtime/index.js';
import { shareOut as shareCampaigns } from './campaign-shares.js';
import { silentLogger, type WorkerLogger } from './logger.js';
import type { TestPause } from './test-hooks.js';
import { uniqueIds } from './unique-ids.js';
import { watchedProvider } from './watched-provider.js';

/** The lease a worker holds on a campaign while it sends it; every claim for the campaign names it. */
export const campaignLease = (campaignId: string) => `campaign:${campaignId}`;
/** The lease that says a worker is alive, so that the others count it when sharing campaigns out. */
export const workerLeasePrefix = 'worker:';

/** How leases are kept. The defaults let the others take a dead worker's campaigns over within about 12 s. */
export interface LeaseTiming {
  /** How long a lease lasts unless renewed. */
  ttlMs: number;
  /** How often a worker renews its leases: a few renewals may fail or run late before they expire. */
  renewEveryMs: number;
  /** How often a worker looks for campaigns to take (new ones, a dead worker's) or to hand over (a new worker's share). */
  retryEveryMs: number;
  /** How often a worker asks the store whether campaigns or lists changed (with StoreChanges, only every 10 s, a safety net), and logs list statuses. */
  revisionPollMs: number;
}

export const defaultLeaseTiming: LeaseTiming = { ttlMs: 10_000, renewEveryMs: 3_000, retryEveryMs: 2_000, revisionPollMs: 1_000 };

const sentMeanwhile = new Error('sent meanwhile');
/** How soon after a send the worker looks at list statuses again, at the soonest. */
const statusAfterSendGapMs = 100;

/** With notifications the poll only catches what a dropped connection lost. */
const revisionPollWithChangesMs = 10_000;

export interface WorkerOptions {
  store: Store;
  /** Notices of changes sooner than polling `revision()` (PostgreSQL's LISTEN/NOTIFY). */
  changes?: StoreChanges;
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
  /** Settles when the worker has stopped and given its leases up; rejects with what stopped it otherwise. */
  readonly stopped: Promise<void>;
  /** Lets the calls in flight finish and their outcomes be recorded, gives the leases up, and resolves. */
  stop(): Promise<void>;
}

type GiveUpReason = 'rebalance' | 'lease_lost' | 'finished' | 'stopping' | 'store_error';

/** A campaign this worker holds the lease of and sends. */
interface HeldCampaign {
  id: string;
  runtime: Runtime;
  term: AbortController;
  /** Until when the lease is surely ours: its expiry as of the last renewal, counted from before the renewal was asked. */
  lease: { validUntilMs: number };
  reason: GiveUpReason | null;
  /** Settles once the campaign's runtime has stopped and the lease is given up. */
  ended: Promise<void>;
}

/**
 * The production sender. Any number of workers may share one database: each says it is alive
 * with a lease of its own, the live workers share the campaigns that have something to send out
 * evenly (campaign-shares.ts), and each sends its share, one runtime per campaign,
 * holding the campaign's lease in the database while it does. Every claim names that lease and
 * the store checks it in the claim's transaction, so a worker that lost a campaign (paused past
 * the lease, its renewals failing) cannot send for it; and the claim itself is per recipient, so
 * even two holders could never text one person twice. A campaign taken over is planned afresh
 * from the send log (throttle instant, today's count) after its unfinished sends are reconciled.
 */
export function startWorker(options: WorkerOptions): Worker {
  const { store, clock } = options;
  const logger = options.logger ?? silentLogger;
  const timing = { ...defaultLeaseTiming, ...options.timing };
  const holder = options.holder ?? defaultHolder();
  const presence = `${workerLeasePrefix}${holder}`;
  const random = options.random ?? seededRandom(randomInt(2 ** 31));
  const ids = options.ids ?? uniqueIds();
  const sends = { count: 0 };
  const stopping = new AbortController();
  /** Aborts when the worker stops, or (exitWhenIdle) once nothing can ever be sent. */
  const done = new AbortController();
  stopping.signal.addEventListener('abort', () => done.abort(), { once: true });
  /** Cut short to re-read the store at once (a notice, a campaign given up). */
  const sharePoke = { current: new AbortController() };
  /** Cut short after a send, so that no list status goes unlogged however busy the process; with the campaigns that sent. */
  const statusPoke = { current: new AbortController() };
  const sentSinceStatuses = new Set<string>();
  let lastSweepMs = -Infinity;
  const startedAtMs = clock.nowMs();
  const held = new Map<string, HeldCampaign>();
  /** Campaigns whose runtime found nothing more to send (exitWhenIdle), with the revision it had seen. */
  const finished = new Map<string, number>();
  /** The revision the held campaigns' runtimes were last refreshed at. */
  let refreshedAt = -1;
  const waitingFor = new Set<string>();

  const events = new ProviderEventHub(
    store,
    watchedProvider(options.provider, { logger, clock, holdsLease: () => false, testPause: null, sends }),
    (error) => logger.error({ err: error }, 'could not record a provider event')
  );

  /** Sleeps `ms` unless `signal` aborts meanwhile; false if it did. */
  async function rest(ms: number, signal: AbortSignal): Promise<boolean> {
    try {
      await clock.sleepUntil(clock.nowMs() + ms, signal);
      return true;
    } catch {
      return false;
    }
  }

  function wakeUp(): void {
    sharePoke.current.abort();
  }

  /**
   * Starts sending a campaign whose lease was just taken, valid until `validUntilMs`; `seenRevision`
   * is the store's revision read before it was taken (the runtime plans from a later state).
   */
  function send(id: string, validUntilMs: number, seenRevision: number): void {
    const term = new AbortController();
    const lease = { validUntilMs };
    const provider = watchedProvider(options.provider, {
      logger,
      clock,
      holdsLease: () => clock.nowMs() < lease.validUntilMs,
      testPause: options.testPause ?? null,
      sends,
      afterSend: () => {
        sentSinceStatuses.add(id);
        // A constant reason: a fresh DOMException per send cost about 1 % of the worker's CPU.
        statusPoke.current.abort(sentMeanwhile);
      }
    });
    const runtime = createRuntime({
      clock,
      store,
      provider,
      random,
      ids,
      campaignId: id,
      lease: { name: campaignLease(id), holder },
      events,
      ...(options.acceptanceWindowMs === undefined ? {} : { acceptanceWindowMs: options.acceptanceWindowMs })
    });
    const campaign: HeldCampaign = { id, runtime, term, lease, reason: null, ended: Promise.resolve() };
    held.set(id, campaign);
    logger.info({ campaign: id, holder }, 'campaign taken');
    campaign.ended = campaign.runtime
      .run({ signal: term.signal, exitWhenIdle: options.exitWhenIdle === true })
      .then(
        () => {
          if (campaign.reason !== null) return;
          campaign.reason = 'finished';
          finished.set(id, seenRevision);
        },
        (error: unknown) => {
          if (error instanceof LeaseLostError) campaign.reason = 'lease_lost';
          else {
            logger.error({ err: error, campaign: id }, 'sending the campaign failed: giving it up, to take it again once the store answers');
            campaign.reason = 'store_error';
          }
        }
      )
      // Its lists' last changes (a list just completed) before the campaign leaves this worker.
      .then(() => (campaign.reason === 'finished' ? logStatusesOf(campaign).catch((error: unknown) => logger.warn({ err: error, campaign: id }, 'could not read its list statuses')) : undefined))
      .then(() => campaign.runtime.close())
      .then(() => (campaign.reason === 'lease_lost' ? undefined : store.releaseLease(campaignLease(id), holder)))
      .catch((error: unknown) => logger.error({ err: error, campaign: id }, 'could not release the campaign’s lease; it expires on its own'))
      .finally(() => {
        held.delete(id);
        logger.info({ campaign: id, holder, reason: campaign.reason }, 'campaign given up');
        wakeUp();
      });
  }

  function giveUp(campaign: HeldCampaign, reason: GiveUpReason): void {
    if (campaign.reason !== null) return;
    campaign.reason = reason;
    campaign.term.abort();
  }

  /** Says this worker is alive, then takes the campaigns that are its share and hands over those that are not. */
  async function shareOut(): Promise<void> {
    const nowMs = clock.nowMs();
    await store.acquireLease(presence, holder, nowMs, timing.ttlMs);
    // A worker whose presence went unrenewed for a few rounds is dead or cut off: counted until
    // its lease expired, it kept a share that nobody took, and a campaign freed by one death and
    // handed to a second dying worker waited for both leases (the chaos test's 15–25 s take-overs).
    // Left out early it costs nothing if it lives: its campaign leases still stand, and it is
    // counted again at its next renewal.
    const freshAfterMs = nowMs + timing.ttlMs - Math.min(timing.ttlMs / 2, 3 * timing.retryEveryMs);
    const workers = (await store.leases(workerLeasePrefix, nowMs)).filter((lease) => lease.expiresAtMs > freshAfterMs).map((lease) => lease.holder);
    if (!workers.includes(holder)) workers.push(holder);
    const revision = await store.revision();
    const wanted = await store.campaignsToSend(nowMs);
    const owners = shareCampaigns(wanted, workers);
    for (const id of wanted) {
      if (stopping.signal.aborted) return;
      if (held.has(id) || finished.get(id) === revision || owners.get(id) !== holder) continue;
      const askedAtMs = clock.nowMs();
      if (await store.acquireLease(campaignLease(id), holder, askedAtMs, timing.ttlMs)) send(id, askedAtMs + timing.ttlMs, revision);
      else if (!waitingFor.has(id)) {
        waitingFor.add(id);
        logger.info({ campaign: id }, 'another worker still holds the campaign: waiting to take it over');
      }
    }
    for (const id of waitingFor) if (held.has(id) || !wanted.includes(id)) waitingFor.delete(id);
    for (const campaign of held.values()) {
      const owner = owners.get(campaign.id);
      if (owner === undefined) giveUp(campaign, 'finished');
      else if (owner !== holder) giveUp(campaign, 'rebalance');
    }
    if (options.exitWhenIdle === true && held.size === 0 && wanted.every((id) => finished.get(id) === revision)) {
      logger.info('nothing left that could ever be sent');
      done.abort();
    }
  }
  /** One round of sharing out at a time: two at once could both start a runtime for a campaign just taken. */
  let sharing: Promise<void> = Promise.resolve();
  const shareOutInTurn = (): Promise<void> => (sharing = sharing.catch(() => undefined).then(shareOut));

  /** Renews the lease of every campaign held, and gives up those it could not renew. */
  async function renew(): Promise<void> {
    for (const campaign of [...held.values()]) {
      if (campaign.reason !== null) continue;
      const askedAtMs = clock.nowMs();
      let kept: boolean;
      try {
        kept = await store.acquireLease(campaignLease(campaign.id), holder, askedAtMs, timing.ttlMs);
      } catch (error) {
        logger.error({ err: error, campaign: campaign.id }, 'could not renew the campaign’s lease');
        giveUp(campaign, 'store_error');
        continue;
      }
      if (kept) campaign.lease.validUntilMs = askedAtMs + timing.ttlMs;
      else {
        logger.warn({ campaign: campaign.id, holder }, 'the campaign’s lease was lost: stopped sending it');
        giveUp(campaign, 'lease_lost');
      }
    }
  }

  /** Re-plans the held campaigns when another process changed campaigns or lists; answers whether it did. */
  async function refreshIfChanged(): Promise<boolean> {
    const revision = await store.revision();
    if (revision === refreshedAt) return false;
    if (refreshedAt !== -1) logger.info({ revision }, 'campaigns or lists changed: re-planning');
    refreshedAt = revision;
    for (const campaign of held.values()) if (campaign.reason === null) await campaign.runtime.refresh();
    return true;
  }

  const statuses = new Map<string, string>();
  const ended = new Set<string>();
  /**
   * Logs each held campaign's list statuses when they change. Lists that ended before this worker
   * started are not announced, and lists that ended are not asked again: a database keeps months
   * of them.
   */
  async function logStatuses(): Promise<void> {
    // Between sweeps (woken by sends) only the campaigns that sent; each poll interval every held
    // campaign, for lists that changed without a send (stopped, ended by their end date).
    const sweep = clock.nowMs() - lastSweepMs >= timing.revisionPollMs;
    if (sweep) lastSweepMs = clock.nowMs();
    const campaigns = [...held.values()].filter((campaign) => sweep || sentSinceStatuses.has(campaign.id));
    sentSinceStatuses.clear();
    for (const campaign of campaigns) if (campaign.reason === null) await logStatusesOf(campaign);
  }

  async function logStatusesOf(campaign: HeldCampaign): Promise<void> {
    for (const list of await store.lists(campaign.id)) {
      if (ended.has(list.id)) continue;
      const { status, completion, sent, total, completedAt } = await campaign.runtime.listStatus(list.id);
      const shown = `${status}/${completion ?? ''}`;
      const firstSeen = !statuses.has(list.id);
      if (status === 'completed' || status === 'stopped') ended.add(list.id);
      if (statuses.get(list.id) === shown) continue;
      statuses.set(list.id, shown);
      if (firstSeen && completedAt !== null && Temporal.Instant.from(completedAt).epochMilliseconds < startedAtMs) continue;
      logger.info({ campaign: campaign.id, list: list.id, status, completion, sent, total }, 'list status');
    }
  }

  /**
   * Runs `step` now and every `everyMs` (sooner when `poke` aborts, but never within `minGapMs` of
   * the last run) until the worker is done.
   */
  async function every(everyMs: number, what: string, step: () => Promise<void>, poke: { current: AbortController } | null = null, minGapMs = 0): Promise<void> {
    while (!done.signal.aborted) {
      const startedMs = clock.nowMs();
      try {
        await step();
      } catch (error) {
        logger.error({ err: error }, `could not ${what}; trying again`);
      }
      if (done.signal.aborted) return;
      if (poke === null) await rest(everyMs, done.signal);
      else if (!(await rest(everyMs, AbortSignal.any([done.signal, poke.current.signal]))) && poke.current.signal.aborted) {
        poke.current = new AbortController();
        const sinceMs = clock.nowMs() - startedMs;
        if (sinceMs < minGapMs) await rest(minGapMs - sinceMs, done.signal);
      }
    }
  }

  async function work(): Promise<void> {
    let unsubscribe: (() => Promise<void>) | null = null;
    if (options.changes !== undefined) {
      try {
        unsubscribe = await options.changes.subscribe(wakeUp);
      } catch (error) {
        logger.warn({ err: error }, 'cannot listen for changes: polling for them instead');
      }
    }
    const pollMs = unsubscribe === null ? timing.revisionPollMs : revisionPollWithChangesMs;
    logger.info({ holder, ttlMs: timing.ttlMs }, 'worker started: sharing campaigns out with the other workers');
    try {
      await Promise.all([
        every(timing.renewEveryMs, 'renew the leases', renew),
        every(timing.retryEveryMs, 'share campaigns out', shareOutInTurn, sharePoke),
        every(
          pollMs,
          'read campaigns and lists from the store',
          async () => {
            const changed = await refreshIfChanged();
            // A new campaign or list may be someone's share: look at once rather than at the next round.
            if (changed) await shareOutInTurn();
          },
          sharePoke
        ),
        // Woken by sends at most every statusAfterSendGapMs: a look after each send halved a
        // worker's throughput (7,516 → 3,862 sends/s, simulated provider on SQLite).
        every(timing.revisionPollMs, 'log list statuses', logStatuses, statusPoke, statusAfterSendGapMs)
      ]);
    } finally {
      for (const campaign of held.values()) giveUp(campaign, 'stopping');
      await Promise.all([...held.values()].map((campaign) => campaign.ended));
      await events.close();
      await unsubscribe?.().catch((error: unknown) => logger.warn({ err: error }, 'could not stop listening for changes'));
      await store.releaseLease(presence, holder).catch((error: unknown) => logger.error({ err: error }, 'could not release the worker’s lease'));
      logger.info({ holder }, 'worker stopped, leases released');
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
