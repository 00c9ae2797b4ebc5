import { Temporal } from 'temporal-polyfill';
import { OutboundLine } from '../campaign/timeline-lines.js';
import { recipientStateAfter } from '../campaign/recipient-state.js';
import type { AttemptRecord } from '../plan/planner.js';
import type { SendOutcome } from '../ports/provider.js';
import type { Random } from '../ports/random.js';
import type { AttemptEnd, AttemptResult, CampaignRecord, SendAttempt, Store } from '../ports/store.js';
import { retryDelayMs } from './backoff.js';

/** An attempt's end as decided by core: what the store writes, what the planner hears. */
export interface DecidedEnd {
  end: AttemptEnd;
  planned: AttemptRecord;
  /** A refusal of the campaign's own configuration: the campaign halts. */
  halt: { code: string; message: string } | null;
}

export interface OutcomeRules {
  store: Store;
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
export async function decideEnd(
  rules: OutcomeRules,
  campaign: CampaignRecord,
  listName: string,
  attempt: Attempt,
  outcome: SendOutcome
): Promise<DecidedEnd> {
  const { listId, row, atMs } = attempt;
  const planned = (result: 'done' | 'retry', countsTowardDailyLimit: boolean, retryAtMs?: number): AttemptRecord => ({
    listId,
    row,
    atMs,
    result,
    countsTowardDailyLimit,
    ...(retryAtMs === undefined ? {} : { retryAtMs })
  });
  const ended = (result: AttemptResult, record: AttemptRecord, extra: Partial<Pick<AttemptEnd, 'timeline' | 'optOutAtMs'>> = {}, halt: DecidedEnd['halt'] = null): DecidedEnd => ({
    end: { result, recipientState: recipientStateAfter(result), timeline: extra.timeline ?? null, optOutAtMs: extra.optOutAtMs ?? null },
    planned: record,
    halt
  });
  const refused = (reason: string, code: string) => ({
    type: 'refused' as const,
    at: instantOf(atMs),
    phone: attempt.phone,
    campaignId: campaign.id,
    listId,
    reason,
    code
  });

  switch (outcome.kind) {
    case 'accepted': {
      const line = new OutboundLine(atMs, attempt.phone, campaign.id, campaign.name, listId, listName, attempt.body, outcome.providerId);
      return ended({ outcome: 'sent', providerId: outcome.providerId, status: outcome.status }, planned('done', true), { timeline: line });
    }
    case 'permanent': {
      if (outcome.scope === 'campaign') {
        return ended({ outcome: 'halted', code: outcome.code }, planned('retry', false, atMs), {}, { code: outcome.code, message: outcome.message });
      }
      const optedOut = outcome.reason === 'opted_out';
      return ended({ outcome: optedOut ? 'opted_out' : 'failed', code: outcome.code }, planned('done', false), {
        timeline: refused(outcome.reason, outcome.code),
        // The provider knows of an opt-out we did not: honour it for every campaign from now on.
        optOutAtMs: optedOut ? atMs : null
      });
    }
    case 'transient': {
      const retries = (await rules.store.retriesOf(listId, row)) + 1;
      if (retries > rules.maxTransientRetries) {
        return ended({ outcome: 'failed', code: outcome.code }, planned('done', false), { timeline: refused('too_many_transient_failures', outcome.code) });
      }
      const retryAtMs = atMs + retryDelayMs(retries, rules.random, outcome.retryAfterMs);
      return ended({ outcome: 'retry', code: outcome.code, retryAtMs }, planned('retry', false, retryAtMs));
    }
    case 'ambiguous':
      return ended({ outcome: 'unknown' }, planned('done', true));
  }
}

const instantOf = (ms: number) => Temporal.Instant.fromEpochMilliseconds(ms);
