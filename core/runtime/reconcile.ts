import { Temporal } from 'temporal-polyfill';
import type { Clock } from '../ports/clock.js';
import type { Provider, SendOutcome } from '../ports/provider.js';
import type { SendAttempt } from '../ports/store.js';

/** How long a provider may take to show a message it took; see `reconcile`. */
export const defaultAcceptanceWindowMs = 2 * 60_000;

/**
 * What became of an attempt whose outcome was not learnt (the send was ambiguous, or a crash came
 * between the claim and the outcome's commit), asked of the provider itself:
 * - a message to that phone with that body, created since the claim: the provider took it →
 *   `accepted` with its id;
 * - none, once the claim is older than the acceptance window (waited for if need be): the
 *   provider never took it → `transient` (the recipient goes back to pending, no daily-limit unit,
 *   the throttle slot stays used);
 * - the provider cannot say (`findMessages` fails) → `ambiguous`, which the caller records as
 *   `unknown`: never re-sent blindly, an administrator decides.
 * Null when `signal` aborts while waiting: the attempt stays unfinished for the next run.
 */
export async function reconcile(
  provider: Provider,
  clock: Clock,
  attempt: Pick<SendAttempt, 'phone' | 'body' | 'atMs'>,
  acceptanceWindowMs: number,
  signal?: AbortSignal
): Promise<SendOutcome | null> {
  const since = Temporal.Instant.fromEpochMilliseconds(attempt.atMs);
  const windowEndsMs = attempt.atMs + acceptanceWindowMs;
  for (;;) {
    const askedAtMs = clock.nowMs();
    let found;
    try {
      found = (await provider.findMessages(attempt.phone, since)).find((message) => message.body === attempt.body);
    } catch (error) {
      return { kind: 'ambiguous', message: `the provider could not say whether it took the message: ${messageOf(error)}` };
    }
    if (found !== undefined) return { kind: 'accepted', providerId: found.providerId, status: found.status };
    if (askedAtMs >= windowEndsMs) {
      return { kind: 'transient', code: 'not_taken', message: 'the provider has no record of the message after the acceptance window' };
    }
    try {
      await clock.sleepUntil(windowEndsMs, signal);
    } catch {
      return null;
    }
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
