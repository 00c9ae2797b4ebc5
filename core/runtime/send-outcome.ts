import { Temporal } from 'temporal-polyfill';
import { OutboundLine } from '../campaign/timeline-lines.js';
import type { AttemptRecord } from '../plan/planner.js';
import type { DeliveryStatus, Provider, ProviderEvent, ProviderMessage, SendOutcome } from '../ports/provider.js';
import type { Random } from '../ports/random.js';
import type { CampaignRecord, SendAttempt, Store } from '../ports/store.js';
import { retryDelayMs } from './backoff.js';

export interface OutcomeContext {
  store: Store;
  provider: Provider;
  random: Random;
  maxTransientRetries: number;
  /** Tells the campaign's planner, if one is built (a planner built later replays the store). */
  record(campaignId: string, attempt: AttemptRecord): void;
  halt(campaignId: string, code: string, message: string): void;
  /** Status callbacks that arrived before the send was recorded as accepted. */
  takeEarlyStatuses(providerId: string): ProviderEvent[];
  onEvent(event: ProviderEvent): void;
  /** How the timeline names a list: its file name, else its id. */
  listName(listId: string): string;
}

/**
 * DESIGN.md's outcome rules for one attempt: accepted → sent; permanent → failed or opted_out,
 * never retried (campaign scope: the campaign halts and the recipient stays pending); transient
 * → pending again after a jittered backoff, no daily-limit unit; ambiguous → reconciled with
 * the provider, and `unknown` (never re-sent) when the provider cannot say.
 *
 * Only reconciling waits: every other outcome is settled before this returns (undefined), so a
 * simulation's million sends do not each pay for a promise.
 */
export function settleOutcome(
  context: OutcomeContext,
  campaign: CampaignRecord,
  attempt: SendAttempt,
  outcome: SendOutcome
): Promise<void> | undefined {
  // Accepted first, before the closures the other outcomes share: nearly every send is accepted.
  if (outcome.kind === 'accepted') {
    accept(context, campaign, attempt, outcome.providerId, outcome.status);
    return undefined;
  }
  const { store } = context;
  const { listId, row } = attempt;
  const { atMs } = attempt;
  const record = (result: 'done' | 'retry', countsTowardDailyLimit: boolean, retryAtMs?: number) =>
    context.record(campaign.id, {
      listId,
      row,
      atMs,
      result,
      countsTowardDailyLimit,
      ...(retryAtMs === undefined ? {} : { retryAtMs })
    });
  const refused = (reason: string, code: string) =>
    store.appendTimeline({ type: 'refused', at: instantOf(atMs), phone: attempt.phone, campaignId: campaign.id, listId, reason, code });

  switch (outcome.kind) {

    case 'permanent': {
      if (outcome.scope === 'campaign') {
        store.finishAttempt(attempt.id, { outcome: 'halted', code: outcome.code });
        record('retry', false, atMs);
        context.halt(campaign.id, outcome.code, outcome.message);
        return undefined;
      }
      const optedOut = outcome.reason === 'opted_out';
      store.finishAttempt(attempt.id, { outcome: optedOut ? 'opted_out' : 'failed', code: outcome.code });
      record('done', false);
      refused(outcome.reason, outcome.code);
      // The provider knows of an opt-out we did not: honour it for every campaign from now on.
      if (optedOut && !store.isOptedOut(attempt.phone)) store.setOptedOut(attempt.phone, true, instantOf(atMs));
      return undefined;
    }

    case 'transient': {
      const retries = store.retriesOf(listId, row) + 1;
      if (retries > context.maxTransientRetries) {
        store.finishAttempt(attempt.id, { outcome: 'failed', code: outcome.code });
        record('done', false);
        refused('too_many_transient_failures', outcome.code);
        return undefined;
      }
      const retryAtMs = atMs + retryDelayMs(retries, context.random, outcome.retryAfterMs);
      store.finishAttempt(attempt.id, { outcome: 'retry', code: outcome.code, retryAtMs });
      record('retry', false, retryAtMs);
      return undefined;
    }

    case 'ambiguous':
      return reconcile(context.provider, attempt).then((found) => {
        if (found !== null) {
          accept(context, campaign, attempt, found.providerId, found.status);
          return;
        }
        store.finishAttempt(attempt.id, { outcome: 'unknown' });
        // It may have gone out, so it takes its unit of the daily limit.
        record('done', true);
      });
  }
}

function accept(
  context: OutcomeContext,
  campaign: CampaignRecord,
  attempt: SendAttempt,
  providerId: string,
  status: DeliveryStatus
): void {
  const { store } = context;
  store.finishAttempt(attempt.id, { outcome: 'sent', providerId, status });
  context.record(campaign.id, {
    listId: attempt.listId,
    row: attempt.row,
    atMs: attempt.atMs,
    result: 'done',
    countsTowardDailyLimit: true
  });
  store.appendTimeline(
    new OutboundLine(
      attempt.atMs,
      attempt.phone,
      campaign.id,
      campaign.name,
      attempt.listId,
      context.listName(attempt.listId),
      attempt.body,
      providerId
    )
  );
  for (const event of context.takeEarlyStatuses(providerId)) context.onEvent(event);
}

/** The message this attempt became at the provider, if the provider knows of one. */
async function reconcile(provider: Provider, attempt: SendAttempt): Promise<ProviderMessage | null> {
  let found: ProviderMessage[];
  try {
    found = await provider.findMessages(attempt.phone, instantOf(attempt.atMs));
  } catch {
    // Not knowing is not a licence to re-send: the attempt stays unknown.
    return null;
  }
  return found.find((message) => message.body === attempt.body) ?? null;
}

const instantOf = (ms: number) => Temporal.Instant.fromEpochMilliseconds(ms);
