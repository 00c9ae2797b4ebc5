import type { Temporal } from 'temporal-polyfill';

/**
 * The only source of time in core. The runtime asks it what time it is and waits on it; nothing
 * else in core reads the system clock, so a virtual clock can play a month in a second.
 *
 * Not promised: that `sleepUntil` wakes exactly at `at` (a system clock wakes at or after it), or
 * that `now()` moves between two calls.
 */
export interface Clock {
  now(): Temporal.Instant;
  /** Resolves at or after `at` (at once when `at` is past); rejects with the signal's reason when aborted. */
  sleepUntil(at: Temporal.Instant, signal?: AbortSignal): Promise<void>;
}
