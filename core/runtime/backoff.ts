import type { Random } from '../ports/random.js';

/** After this many transient failures a recipient is given up on (failed), not retried forever. */
export const maxTransientRetries = 8;

const firstRetryDelayMs = 60_000;
const maxRetryDelayMs = 60 * 60_000;

/**
 * How long to wait before trying a recipient again after its `retries`-th transient failure:
 * doubling from a minute up to an hour, then "equal jitter" (half fixed, half random) so that a
 * provider outage does not end with every retry landing on the same instant. A provider's own
 * `retryAfterMs` is a floor.
 */
export function retryDelayMs(retries: number, random: Random, retryAfterMs = 0): number {
  const ceilingMs = Math.min(maxRetryDelayMs, firstRetryDelayMs * 2 ** Math.max(0, retries - 1));
  const jitteredMs = Math.ceil(ceilingMs / 2 + random.next() * (ceilingMs / 2));
  return Math.max(retryAfterMs, jitteredMs);
}
