import type { Temporal } from 'temporal-polyfill';

let lastInstant: Temporal.Instant | null = null;
let lastMs = 0;

/**
 * `instant.epochMilliseconds`, remembered for the last instant asked about. temporal-polyfill
 * works it out from BigInt nanoseconds on every read (about 0.4 KB of garbage), and a send asks
 * about the same instant (the clock's now, the attempt's start) a dozen times in a row.
 */
export function epochMsOf(instant: Temporal.Instant): number {
  if (instant !== lastInstant) {
    lastMs = instant.epochMilliseconds;
    lastInstant = instant;
  }
  return lastMs;
}
