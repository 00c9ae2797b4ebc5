import { Temporal } from 'temporal-polyfill';
import type { NextSend, SendPlanner } from '../plan/planner.js';
import type { Clock } from '../ports/clock.js';
import type { IdSource } from '../ports/ids.js';
import type { Provider, ProviderEvent, SendOutcome } from '../ports/provider.js';
import type { Random } from '../ports/random.js';
import type { CampaignRecord, ListRecord, RecipientRecord, SendAttempt, Store } from '../ports/store.js';
import { maxTransientRetries } from './backoff.js';
import type { ProjectedList } from '../plan/projection.js';
import { listStatusOf } from './list-status.js';
import { plannedListOf, plannerFromStore, rulesOf } from './planner-from-store.js';
import { EarlyStatuses } from './early-statuses.js';
import { OutboundMessage } from './outbound-message.js';
import { handleProviderEvent } from './provider-events.js';
import { templateRenderer } from './render.js';
import { settleOutcome, type OutcomeContext } from './send-outcome.js';

export interface RuntimeOptions {
  clock: Clock;
  store: Store;
  provider: Provider;
  /** Jitter of retry delays. */
  random: Random;
  ids: IdSource;
  /** The message for one recipient; by default the campaign's template rendered for them. */
  render?: (template: string, recipient: RecipientRecord) => string;
  maxTransientRetries?: number;
}

/** A campaign that stopped sending because the provider refused its configuration. */
export interface CampaignHalt {
  campaignId: string;
  at: Temporal.Instant;
  code: string;
  message: string;
}

export interface Runtime {
  /**
   * Sends until `signal` aborts, or, with `exitWhenIdle`, until nothing can ever be sent again.
   * Attempts a crash left unfinished are reconciled with the provider first.
   */
  run(options?: { signal?: AbortSignal; exitWhenIdle?: boolean }): Promise<void>;
  addList(list: ListRecord, recipients: readonly RecipientRecord[]): void;
  /** Stops a list now: nothing more is sent for it, not even at this very instant. */
  stopList(listId: string): void;
  /** New settings for a campaign (hours, rate, limit, message); sending re-plans at once. */
  updateCampaign(campaign: CampaignRecord): void;
  /**
   * The list as `project` shows it, as of `asOf` (default now); `null` means once nothing more
   * can happen, as a projection without `until` reports it (a list that can never end: as of now).
   */
  listStatus(listId: string, asOf?: Temporal.Instant | null): ProjectedList;
  halts(): readonly CampaignHalt[];
  /**
   * Reads campaigns, lists and stops from the store again and re-plans: for a worker whose store
   * another process writes to (the web app adding a list), which `addList` never heard of.
   */
  refresh(): void;
  /** Stops listening to the provider. */
  close(): void;
}

/**
 * The send loop: asks each campaign's planner (the same one `plan` and `project` use) for the
 * next send, waits on the clock, claims the recipient in the store, calls the provider and
 * applies DESIGN.md's outcome rules. It never decides *when* on its own, so a simulation with an
 * ideal provider sends exactly at the projected instants.
 */
export function createRuntime(options: RuntimeOptions): Runtime {
  const { clock, store, provider, ids } = options;
  const render = options.render ?? templateRenderer();
  const planners = new Map<string, SendPlanner>();
  const halts: CampaignHalt[] = [];
  const earlyStatuses = new EarlyStatuses(maxEarlyStatuses);
  const listNames = new Map<string, string>();
  let wake = new AbortController();
  let running = false;
  /** The store's campaigns, read again after anything that may change them. */
  let campaigns: CampaignRecord[] | null = null;

  function plannerFor(campaignId: string): SendPlanner {
    let planner = planners.get(campaignId);
    if (planner === undefined) {
      const campaign = store.campaign(campaignId);
      if (campaign === null) throw new Error(`No campaign "${campaignId}" in the store.`);
      planner = plannerFromStore(store, campaign);
      planners.set(campaignId, planner);
    }
    return planner;
  }

  /** Something changed what should be sent next: cut the current wait short and ask again. */
  function replan(): void {
    campaigns = null;
    wake.abort(replanning);
  }

  function halt(campaignId: string, code: string, message: string): void {
    const campaign = store.campaign(campaignId);
    if (campaign === null || campaign.halted !== null) return;
    const at = clock.now();
    store.saveCampaign({ ...campaign, halted: { at, code, message } });
    halts.push({ campaignId, at, code, message });
    replan();
  }

  const context: OutcomeContext = {
    store,
    provider,
    random: options.random,
    maxTransientRetries: options.maxTransientRetries ?? maxTransientRetries,
    record: (campaignId, attempt) => planners.get(campaignId)?.record(attempt),
    halt,
    takeEarlyStatuses: (providerId) => earlyStatuses.take(providerId),
    onEvent,
    listName(listId) {
      let name = listNames.get(listId);
      if (name === undefined) listNames.set(listId, (name = store.list(listId)?.fileName ?? listId));
      return name;
    }
  };

  const eventContext = { store, halt };
  function onEvent(event: ProviderEvent): void {
    if (event.type !== 'status') {
      handleProviderEvent(event, eventContext);
      return;
    }
    const attempt = store.attemptByProviderId(event.providerId);
    if (attempt === null) {
      // Callbacks can overtake the response to the send itself; keep them until it is recorded.
      earlyStatuses.add(event.providerId, event);
      return;
    }
    handleProviderEvent(event, eventContext, attempt);
  }
  const unsubscribe = provider.onEvent(onEvent);

  /** The earliest send of any campaign still sending, ties to the campaign with the smaller id. */
  function nextSend(fromMs: number): { campaign: CampaignRecord; send: NextSend } | null {
    let best: { campaign: CampaignRecord; send: NextSend } | null = null;
    campaigns ??= store.campaigns();
    for (const campaign of campaigns) {
      if (campaign.halted !== null) continue;
      const send = plannerFor(campaign.id).next(fromMs);
      if (send !== null && (best === null || send.atMs < best.send.atMs)) best = { campaign, send };
    }
    return best;
  }

  /** Consecutive sends mostly share a window close, and an Instant costs about a microsecond. */
  const closeInstants = new Map<number, Temporal.Instant>();
  function windowCloses(closeMs: number): Temporal.Instant {
    let instant = closeInstants.get(closeMs);
    if (instant === undefined) {
      if (closeInstants.size >= 64) closeInstants.clear();
      instant = Temporal.Instant.fromEpochMilliseconds(closeMs);
      closeInstants.set(closeMs, instant);
    }
    return instant;
  }

  /**
   * Claims the next send's recipient and logs its attempt; null when there is nothing to send (the
   * recipient was handled meanwhile, or opted out and is skipped).
   */
  function claim(campaign: CampaignRecord, next: NextSend): { attempt: SendAttempt; sms: OutboundMessage } | null {
    const planner = plannerFor(campaign.id);
    const { listId, row } = next;
    const recipient = store.recipient(listId, row);
    if (store.recipientState(listId, row) !== 'pending') {
      planner.settle(listId, row, next.atMs);
      return null;
    }
    if (store.isOptedOut(recipient.phone)) {
      store.setRecipientState(listId, row, 'opted_out');
      planner.settle(listId, row, next.atMs);
      return null;
    }
    // The instant the attempt really starts: on a virtual clock the planned one; on a real clock a
    // little later, and the throttle must count from when it really happened.
    const atMs = Math.max(clock.nowMs(), next.atMs);
    const attempt: SendAttempt = {
      id: ids.next('attempt'),
      campaignId: campaign.id,
      listId,
      row,
      phone: recipient.phone,
      body: render(campaign.message, recipient),
      atMs,
      outcome: 'sending',
      providerId: null,
      deliveryStatus: null,
      code: null,
      retryAtMs: null
    };
    store.beginAttempt(attempt);
    return { attempt, sms: new OutboundMessage(recipient.phone, attempt.body, windowCloses(next.windowCloseMs), listId, row) };
  }

  async function reconcileUnfinished(): Promise<void> {
    for (const attempt of store.unfinishedAttempts()) {
      const campaign = store.campaign(attempt.campaignId);
      if (campaign === null) continue;
      await settleOutcome(context, campaign, attempt, { kind: 'ambiguous', message: 'interrupted before its outcome was recorded' });
    }
  }

  return {
    async run({ signal, exitWhenIdle = false } = {}) {
      if (running) throw new Error('This runtime is already running.');
      running = true;
      const onAbort = () => replan();
      signal?.addEventListener('abort', onAbort);
      try {
        await reconcileUnfinished();
        /** A send was answered synchronously and nothing has been awaited since (see below). */
        let unsettledReactions = false;
        while (signal?.aborted !== true) {
          if (wake.signal.aborted) wake = new AbortController();
          const found = nextSend(clock.nowMs());
          // What a synchronously answered send set off (its callbacks, a reply, a halt) has not run
          // yet: it runs while the loop sleeps, which re-plans if need be, but must run first when
          // nothing is to be awaited (a send due at once, the end of the run), as it did when every
          // send was awaited.
          if (unsettledReactions && (found === null || found.send.atMs <= clock.nowMs())) {
            unsettledReactions = false;
            await settled;
            continue;
          }
          unsettledReactions = false;
          if (found === null) {
            if (exitWhenIdle) return;
            await waitForAbort(wake.signal);
            continue;
          }
          if (found.send.atMs > clock.nowMs()) {
            try {
              await clock.sleepUntil(found.send.atMs, wake.signal);
            } catch {
              continue; // re-planned while asleep
            }
            // A clock that woke late may find the window closed or another recipient first: ask again.
            if (clock.nowMs() !== found.send.atMs) continue;
          }
          // Sent from the loop itself rather than an async function of its own: a million sends
          // would each pay for its promise and the hop awaiting it.
          const claimed = claim(found.campaign, found.send);
          if (claimed === null) continue;
          let outcome: SendOutcome | Promise<SendOutcome>;
          try {
            outcome = provider.send(claimed.sms, signal);
            if (isPromise(outcome)) outcome = await outcome;
            else unsettledReactions = true;
          } catch (error) {
            // A send that threw may still have reached the provider: it is ambiguous, not failed.
            outcome = { kind: 'ambiguous', message: error instanceof Error ? error.message : String(error) };
          }
          const settling = settleOutcome(context, found.campaign, claimed.attempt, outcome);
          if (settling !== undefined) {
            unsettledReactions = false;
            await settling;
          }
        }
      } finally {
        signal?.removeEventListener('abort', onAbort);
        running = false;
      }
    },

    addList(list, recipients) {
      const planner = plannerFor(list.campaignId);
      store.addList(list, recipients);
      planner.addList(plannedListOf(list, recipients));
      if (list.stoppedAt !== null) planner.stopList(list.id, list.stoppedAt.epochMilliseconds);
      replan();
    },

    stopList(listId) {
      const list = store.list(listId);
      if (list === null) throw new Error(`No list "${listId}" in the store.`);
      const at = clock.now();
      store.stopList(listId, at);
      plannerFor(list.campaignId).stopList(listId, at.epochMilliseconds);
      replan();
    },

    updateCampaign(campaign) {
      store.saveCampaign(campaign);
      const planner = planners.get(campaign.id);
      if (planner !== undefined) planner.setRules(rulesOf(campaign));
      replan();
    },

    listStatus(listId, asOf) {
      const list = store.list(listId);
      if (list === null) throw new Error(`No list "${listId}" in the store.`);
      const planner = plannerFor(list.campaignId);
      let asOfMs = asOf == null ? clock.nowMs() : asOf.epochMilliseconds;
      if (asOf === null) {
        // "Once nothing more can happen" is the end of time, except for a list that never ends
        // (recipients left, no end date, no stop: its campaign halted): that one is as of now.
        const neverEnds = list.endBefore === null && list.stoppedAt === null && planner.listProgress(list.id, Number.POSITIVE_INFINITY).pending > 0;
        asOfMs = neverEnds ? clock.nowMs() : Number.POSITIVE_INFINITY;
      }
      return listStatusOf(store, planner, list, asOfMs);
    },

    halts: () => halts,
    refresh() {
      planners.clear();
      listNames.clear();
      replan();
    },
    close: () => unsubscribe()
  };
}

// ---------------------------------------------------------------------------------------------

const replanning = new Error('replan');
const maxEarlyStatuses = 10_000;

const settled = Promise.resolve();

/** A provider's answer is a promise (or any thenable), else the outcome itself, which never has `then`. */
function isPromise<T extends object>(value: T | Promise<T>): value is Promise<T> {
  return typeof (value as { then?: unknown }).then === 'function';
}

function waitForAbort(signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.resolve();
  return new Promise((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
}
