import { Temporal } from 'temporal-polyfill';
import { OutboundLine } from '../campaign/timeline-lines.js';
import { recipientStateAfter } from '../campaign/recipient-state.js';
import type { TimelineEvent } from '../campaign/timeline.js';
import type { AttemptRecord } from '../plan/planner.js';
import type { SendOutcome } from '../ports/provider.js';
import type { Random } from '../ports/random.js';
import type { AttemptEnd, AttemptResult, CampaignRecord, SendAttempt } from '../ports/store.js';
import { retryDelayMs } from './backoff.js';

/** An attempt's end as decided by core: what the store writes, what the planner hears. */
export interface DecidedEnd {
  end: AttemptEnd;
  planned: AttemptRecord;
  /** A refusal of the campaign's own configuration: the campaign halts. */
  halt: { code: string; message: string } | null;
}

export interface OutcomeRules {
  random: Random;
  maxTransientRetries: number;
}

type Attempt = Pick<SendAttempt, 'id' | 'listId' | 'row' | 'phone' | 'body' | 'atMs'>;

/**
 * DESIGN.md's outcome rules for one attempt: accepted → sent; permanent → failed or opted_out,
 * never retried (campaign scope: the campaign halts and the recipient stays pending); transient
 * → pending again after a jittered backoff, no daily-limit unit, failed after too many;
 * ambiguous (already reconciled, see reconcile.ts: the provider cannot say) → `unknown`, never
 * re-sent, and it takes its daily-limit unit since it may have gone out.
 */
export function decideEnd(
  rules: OutcomeRules,
  campaign: CampaignRecord,
  listName: string,
  attempt: Attempt,
  outcome: SendOutcome,
  /** Transient failures the recipient had before this one (`store.retriesOf`); read only for a transient outcome. */
  retriesBefore: number
): DecidedEnd {
  const { atMs } = attempt;
  switch (outcome.kind) {
    case 'accepted': {
      const { providerId } = outcome;
      const line = new OutboundLine(atMs, attempt.phone, campaign.id, campaign.name, attempt.listId, listName, attempt.body, providerId);
      return ended({ outcome: 'sent', providerId, status: outcome.status }, planned(attempt, 'done', true), line);
    }
    case 'permanent': {
      if (outcome.scope === 'campaign') {
        const halt = { code: outcome.code, message: outcome.message };
        return ended({ outcome: 'halted', code: outcome.code }, planned(attempt, 'retry', false, atMs), null, null, halt);
      }
      const optedOut = outcome.reason === 'opted_out';
      const result: AttemptResult = { outcome: optedOut ? 'opted_out' : 'failed', code: outcome.code };
      // The provider knows of an opt-out we did not: honour it for every campaign from now on.
      return ended(result, planned(attempt, 'done', false), refused(campaign, attempt, outcome.reason, outcome.code), optedOut ? atMs : null);
    }
    case 'transient': {
      const retries = retriesBefore + 1;
      if (retries > rules.maxTransientRetries) {
        const line = refused(campaign, attempt, 'too_many_transient_failures', outcome.code);
        return ended({ outcome: 'failed', code: outcome.code }, planned(attempt, 'done', false), line);
      }
      const retryAtMs = atMs + retryDelayMs(retries, rules.random, outcome.retryAfterMs);
      return ended({ outcome: 'retry', code: outcome.code, retryAtMs }, planned(attempt, 'retry', false, retryAtMs));
    }
    case 'ambiguous':
      return ended({ outcome: 'unknown' }, planned(attempt, 'done', true));
  }
}

function ended(
  result: AttemptResult,
  record: AttemptRecord,
  timeline: TimelineEvent | null = null,
  optOutAtMs: number | null = null,
  halt: DecidedEnd['halt'] = null
): DecidedEnd {
  return { end: { result, recipientState: recipientStateAfter(result), timeline, optOutAtMs }, planned: record, halt };
}

function planned(attempt: Attempt, result: 'done' | 'retry', countsTowardDailyLimit: boolean, retryAtMs?: number): AttemptRecord {
  const record: AttemptRecord = { listId: attempt.listId, row: attempt.row, atMs: attempt.atMs, result, countsTowardDailyLimit };
  if (retryAtMs !== undefined) record.retryAtMs = retryAtMs;
  return record;
}

function refused(campaign: CampaignRecord, attempt: Attempt, reason: string, code: string): TimelineEvent {
  return { type: 'refused', at: instantOf(attempt.atMs), phone: attempt.phone, campaignId: campaign.id, listId: attempt.listId, reason, code };
}

const instantOf = (ms: number) => Temporal.Instant.fromEpochMilliseconds(ms);
