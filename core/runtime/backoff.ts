import type { Random } from '../ports/random.js';

/**
 * The retry rules, all of them. A provider's refusal-for-now is retried at two levels, each with
 * its own purpose, and both wait with `backoffDelayMs` below:
 *
 * - **Within one request** (`requestRetries`): a few short waits inside the provider call, for a
 *   blip — a 503, a 429 from the account's concurrency limit, a connection refused before a byte
 *   was sent. The send loop is held meanwhile, which is the point: a refusal of this kind is about
 *   the account, not the recipient, so the next recipient would meet it too. A request that may
 *   have reached the provider is never retried at this level (that is reconciliation's job).
 * - **Per recipient** (`recipientRetries`): once the request has given up, the recipient goes back
 *   to pending and is tried again minutes to an hour later, for an outage. The send loop moves on.
 *
 * Both levels treat a provider's Retry-After as a floor: never back sooner than asked. A request
 * asked to wait longer than its own longest wait gives up at once and hands the Retry-After on,
 * so the long wait happens per recipient, with the loop free.
 */
export interface RetryPolicy {
  /** Retries after the first try; 0 means one try only. */
  maxRetries: number;
  /** The first retry's longest wait; each later one doubles, up to `maxDelayMs`. */
  firstDelayMs: number;
  maxDelayMs: number;
}

/**
 * Within one provider request: two retries, under two seconds of waiting in all unless the provider
 * asks for more; a Retry-After up to 10 s is waited out here, a longer one per recipient.
 */
export const requestRetries: Readonly<RetryPolicy> = { maxRetries: 2, firstDelayMs: 500, maxDelayMs: 10_000 };

/** Per recipient: doubling from a minute to an hour; after the last one the recipient is failed. */
export const recipientRetries: Readonly<RetryPolicy> = { maxRetries: 8, firstDelayMs: 60_000, maxDelayMs: 60 * 60_000 };

/** After this many transient failures a recipient is given up on (failed), not retried forever. */
export const maxTransientRetries = recipientRetries.maxRetries;

/**
 * How long to wait before the `retry`-th retry (from 1) under `policy`: a ceiling doubling from
 * `firstDelayMs` up to `maxDelayMs`, then "equal jitter" (half fixed, half random) so that the
 * clients an outage failed together do not all come back on the same instant, yet none comes back
 * at once.
 */
export function backoffDelayMs(policy: Readonly<RetryPolicy>, retry: number, random: Random): number {
  const ceilingMs = Math.min(policy.maxDelayMs, policy.firstDelayMs * 2 ** Math.max(0, retry - 1));
  return Math.ceil(ceilingMs / 2 + random.next() * (ceilingMs / 2));
}

/**
 * How long to wait before trying a recipient again after its `retries`-th transient failure.
 * A provider's own `retryAfterMs` is a floor.
 */
export function retryDelayMs(retries: number, random: Random, retryAfterMs = 0): number {
  return Math.max(retryAfterMs, backoffDelayMs(recipientRetries, retries, random));
}
