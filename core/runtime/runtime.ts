import type { NextSend } from '../plan/planner.js';
import type { SendOutcome } from '../ports/provider.js';
import type { CampaignRecord, LeaseHold, NewAttempt, RecipientRecord } from '../ports/store.js';
import { maxTransientRetries } from './backoff.js';
import { CampaignPlans, type CampaignPlan } from './campaign-plans.js';
import { haltCampaign, type CampaignHalt } from './halt.js';
import { listStatusOf } from './list-progress.js';
import { OutboundMessage } from './outbound-message.js';
import { ProviderEventHub } from './provider-events.js';
import { defaultAcceptanceWindowMs, reconcile } from './reconcile.js';
import { templateRenderer } from './render.js';
import { decideEnd } from './send-outcome.js';
import { WindowCloses } from './window-closes.js';
import { LeaseLostError, type Runtime, type RuntimeOptions } from './runtime-api.js';

export type { CampaignHalt, Runtime, RuntimeOptions };
export { LeaseLostError };

/**
 * The send loop: asks each campaign's planner (the same one `plan` and `project` use) for the
 * next send, waits on the clock, claims the recipient in the store, calls the provider and
 * records the outcome core decides. It never decides *when* on its own, so a simulation with an
 * ideal provider sends exactly at the projected instants. Provider events go through one queue,
 * in the order reported.
 */
export function createRuntime(options: RuntimeOptions): Runtime {
  const { clock, store, provider, ids } = options;
  const render = options.render ?? templateRenderer();
  const acceptanceWindowMs = options.acceptanceWindowMs ?? defaultAcceptanceWindowMs;
  const rules = { random: options.random, maxTransientRetries: options.maxTransientRetries ?? maxTransientRetries };
  const plans = new CampaignPlans(store, options.campaignId);
  const halts: CampaignHalt[] = [];
  const windowCloses = new WindowCloses();
  let wake = new AbortController();
  let running = false;
  /** A provider event that could not be written: `run` rejects with it. */
  let eventFailure: { error: unknown } | null = null;
  /** Interrupted attempts being reconciled beside sending, and the first that could not be recorded. */
  const reconciling = new Set<Promise<void>>();
  let reconcileFailure: { error: unknown } | null = null;

  /** Something changed what should be sent next: cut the current wait short and ask again. */
  function replan(): void {
    wake.abort(replanning);
  }

  async function halted(halt: CampaignHalt): Promise<void> {
    halts.push(halt);
    await plans.refresh();
    replan();
  }

  function eventFailed(error: unknown): void {
    eventFailure ??= { error };
    replan();
  }
  const ownsEvents = options.events === undefined;
  const events = options.events ?? new ProviderEventHub(store, provider, eventFailed);
  const stopHearingHalts = events.onHalt((halt) => {
    if (plans.plans(halt.campaignId)) halted(halt).catch(eventFailed);
  });

  /** How the timeline names a list: its file name, else its id. */
  async function listNameOf(listId: string): Promise<string> {
    return (await store.list(listId))?.fileName ?? listId;
  }

  /** Records how an attempt ended, as core decides it, and tells the planner. */
  async function finish(campaign: CampaignRecord, attempt: NewAttempt, outcome: SendOutcome, signal: AbortSignal | undefined): Promise<void> {
    if (outcome.kind === 'ambiguous') {
      const reconciled = await reconcile(provider, clock, attempt, acceptanceWindowMs, signal);
      if (reconciled === null) return; // aborted while waiting: the next run reconciles it
      outcome = reconciled;
    }
    const retriesBefore = outcome.kind === 'transient' ? await store.retriesOf(attempt.listId, attempt.row) : 0;
    const listName = plans.builtPlan(campaign.id)?.lists.get(attempt.listId)?.fileName ?? (await listNameOf(attempt.listId));
    const decided = decideEnd(rules, campaign, listName, attempt, outcome, retriesBefore);
    // Settled meanwhile by a worker that took the lease over, or its campaign deleted: nothing to record.
    if (!(await store.finishAttempt(attempt.id, decided.end))) return;
    plans.builtPlan(campaign.id)?.planner.record(decided.planned);
    if (decided.halt !== null) {
      const halt = await haltCampaign(store, { campaignId: campaign.id, at: clock.now(), ...decided.halt });
      if (halt !== null) await halted(halt);
    }
  }

  /** Claims the next send's recipient, calls the provider and records the outcome. */
  async function sendNext(plan: CampaignPlan, next: NextSend, signal: AbortSignal | undefined): Promise<void> {
    const { campaign, planner } = plan;
    const { listId, row } = next;
    const recipient = (plans.knownRecipients(listId) ?? (await plans.recipients(listId)))[row] as RecipientRecord;
    const attempt: NewAttempt = {
      id: ids.next('attempt'),
      campaignId: campaign.id,
      listId,
      row,
      phone: recipient.phone,
      body: render(campaign.message, recipient),
      // The instant the attempt really starts: on a virtual clock the planned one; on a real clock a
      // little later, and the throttle must count from when it really happened.
      atMs: Math.max(clock.nowMs(), next.atMs)
    };
    const claim = await store.claim(attempt, options.lease);
    if (claim === 'lease_lost') throw new LeaseLostError(options.lease as LeaseHold);
    if (claim !== 'claimed') {
      // Opted out (the store moved it), or handled by someone else: nothing to send.
      planner.settle(listId, row, next.atMs);
      return;
    }
    events.begin(recipient.phone);
    try {
      let outcome: SendOutcome;
      try {
        outcome = await provider.send(new OutboundMessage(recipient.phone, attempt.body, campaign.sender, windowCloses.at(next.windowCloseMs), listId, row), signal);
      } catch (error) {
        // A send that threw may still have reached the provider: it is ambiguous, not failed.
        outcome = { kind: 'ambiguous', message: error instanceof Error ? error.message : String(error) };
      }
      await finish(campaign, attempt, outcome, signal);
    } finally {
      events.end(recipient.phone);
    }
  }

  /**
   * Reconciles every attempt a crash left `sending`, beside sending: asking the provider may mean
   * waiting out its acceptance window (two minutes), which must not silence the whole campaign
   * after a take-over. Meanwhile the planner holds those recipients and reserves their daily
   * units (`in_flight`), so nobody is sent twice and the limit holds whatever the outcome. Each
   * outcome recorded re-plans; a failure to record one ends `run`.
   */
  async function startReconciling(signal: AbortSignal): Promise<void> {
    for (const attempt of await store.unfinishedAttempts()) {
      if (!plans.plans(attempt.campaignId)) continue;
      const campaign = await store.campaign(attempt.campaignId);
      if (campaign === null) continue;
      const reconciled: Promise<void> = finish(campaign, attempt, { kind: 'ambiguous', message: 'interrupted before its outcome was recorded' }, signal)
        .then(replan, (error: unknown) => {
          reconcileFailure ??= { error };
          replan();
        })
        .finally(() => reconciling.delete(reconciled));
      reconciling.add(reconciled);
    }
  }

  function throwIfEventFailed(): void {
    if (eventFailure !== null) throw eventFailure.error;
    if (reconcileFailure !== null) throw reconcileFailure.error;
  }

  return {
    async run({ signal, exitWhenIdle = false } = {}) {
      if (running) throw new Error('This runtime is already running.');
      running = true;
      const onAbort = () => replan();
      signal?.addEventListener('abort', onAbort);
      // Reconciling stops with the run, however it ends (a lost lease as much as a stop).
      const runEnded = new AbortController();
      const reconcileSignal = signal === undefined ? runEnded.signal : AbortSignal.any([signal, runEnded.signal]);
      try {
        // Loaded before reconciling starts, so that each outcome is recorded in the plan.
        if (!plans.loaded) await plans.load();
        await startReconciling(reconcileSignal);
        while (signal?.aborted !== true) {
          throwIfEventFailed();
          if (wake.signal.aborted) wake = new AbortController();
          if (!plans.loaded) await plans.load();
          const found = plans.nextSend(clock.nowMs());
          if (found === null) {
            if (exitWhenIdle) {
              // An interrupted attempt found not taken is pending again.
              if (reconciling.size > 0) {
                await Promise.all(reconciling);
                continue;
              }
              // What the last sends set off (an opt-out, a halt) is applied before deciding.
              await events.idle();
              if (wake.signal.aborted) continue;
              throwIfEventFailed();
              return;
            }
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
          await sendNext(found.plan, found.send, signal);
        }
      } finally {
        signal?.removeEventListener('abort', onAbort);
        runEnded.abort();
        await Promise.all(reconciling);
        running = false;
      }
    },

    async addList(list, recipients) {
      await store.addList(list, recipients);
      await plans.addList(list, recipients);
      replan();
    },

    async stopList(listId) {
      const list = await store.list(listId);
      if (list === null) throw new Error(`No list "${listId}" in the store.`);
      const at = clock.now();
      await store.stopList(listId, at);
      const plan = await plans.plan(list.campaignId);
      plans.stopList(plan, { ...list, stoppedAt: list.stoppedAt ?? at }, at.epochMilliseconds);
      replan();
    },

    async updateCampaign(campaign) {
      await store.saveCampaign(campaign);
      await plans.updateCampaign(campaign);
      replan();
    },

    async listStatus(listId, asOf) {
      const list = await store.list(listId);
      if (list === null) throw new Error(`No list "${listId}" in the store.`);
      const { planner } = await plans.plan(list.campaignId);
      const asOfMs = asOf === undefined ? clock.nowMs() : asOf === null ? null : asOf.epochMilliseconds;
      return listStatusOf(store, planner, list, asOfMs, clock.nowMs());
    },

    halts: () => halts,

    async refresh() {
      await plans.refresh();
      replan();
    },

    async close() {
      stopHearingHalts();
      if (ownsEvents) await events.close();
    }
  };
}

// ---------------------------------------------------------------------------------------------

const replanning = new Error('replan');

function waitForAbort(signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.resolve();
  return new Promise((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
}

