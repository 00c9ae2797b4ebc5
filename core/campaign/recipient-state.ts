import type { AttemptResult, RecipientState } from '../ports/store.js';

/**
 * Where a recipient goes when an attempt ends. A transient refusal and a refusal of the
 * campaign's own configuration leave the person pending (they were not the problem); `unknown`
 * is never pending again, because texting a person twice is worse than not texting.
 */
const stateAfter: Readonly<Record<AttemptResult['outcome'], RecipientState>> = {
  sent: 'sent',
  failed: 'failed',
  opted_out: 'opted_out',
  retry: 'pending',
  unknown: 'unknown',
  halted: 'pending'
};

export function recipientStateAfter(result: AttemptResult): RecipientState {
  return stateAfter[result.outcome];
}
