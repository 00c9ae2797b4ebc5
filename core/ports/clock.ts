import type { Temporal } from 'temporal-polyfill';

/**
 * The only source of time in core. The runtime asks it what time it is and waits on it; nothing
 * else in core reads the system clock, so a virtual clock can play a month in a second.
 *
 * Core computes in epoch milliseconds: a Temporal.Instant costs about a microsecond to make (and
 * its slots live in a WeakMap the collector must sweep), which a million-send simulation paid once
 * a send. `now()` is for edges that show or send an instant.
 *
 * Not promised: that `sleepUntil` wakes exactly at `atMs` (a system clock wakes at or after it), or
 * that the time moves between two calls.
 */
export interface Clock {
  /** Now, in epoch milliseconds. */
  nowMs(): number;
  /** Now as an Instant (the same millisecond as `nowMs()`). */
  now(): Temporal.Instant;
  /** Resolves at or after `atMs` (at once when it is past); rejects with the signal's reason when aborted. */
  sleepUntil(atMs: number, signal?: AbortSignal): Promise<void>;
}
