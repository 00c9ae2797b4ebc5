import { Temporal } from 'temporal-polyfill';
import type { Clock } from '../../core/ports/clock.js';
import { MinHeap } from '../../core/plan/min-heap.js';

/**
 * A clock that only moves when told to. Sleepers wake in (instant, registration) order, each with
 * `now()` equal to its own instant, and everything a woken sleeper sets off (promise chains, new
 * sleepers) runs before the next one wakes — so a month of campaign plays exactly as it would in
 * real time, only faster.
 */
export interface VirtualClock extends Clock {
  /** Moves to `at`, waking every sleeper due on the way; throws when `at` is in the past. */
  advanceTo(at: Temporal.Instant): Promise<void>;
  advanceBy(ms: number): Promise<void>;
  /**
   * Wakes sleepers until none is left (or the next is after `until`, where the clock then stops);
   * returns how many woke. Throws once more than `maxSteps` would wake: a loop that keeps
   * scheduling itself is a bug to report, not to wait for.
   */
  runUntilIdle(options?: { maxSteps?: number; until?: Temporal.Instant }): Promise<number>;
  /** Sleepers still waiting. */
  pending(): number;
}

export interface VirtualClockOptions {
  start: Temporal.Instant;
  /** Upper bound on wake-ups in one advanceTo/advanceBy call. */
  loopLimit?: number;
}

const defaultLoopLimit = 100_000_000;

export function createVirtualClock({ start, loopLimit = defaultLoopLimit }: VirtualClockOptions): VirtualClock {
  let nowMs = start.epochMilliseconds;
  /** `now()` as last made, for the millisecond it was made for: most callers never ask. */
  let nowInstant = start;
  let nowInstantMs = nowMs;
  let seq = 0;
  let live = 0;
  const sleepers = new MinHeap<Sleeper>(earlier);
  /** The advance under way (one at a time). */
  let advance: Advance | null = null;
  /**
   * Signals some sleeper may be aborted by. One listener per signal, not per sleep: a runtime
   * sleeps a million times on the same signal, and EventTarget listeners cost microseconds each.
   * Nor a set of sleepers per signal (an insert and a delete per sleep): an abort is rare, and
   * finds its sleepers in the heap.
   */
  const watched = new WeakSet<AbortSignal>();
  let lastWatched: AbortSignal | null = null;

  function watch(signal: AbortSignal): void {
    if (signal === lastWatched) return;
    lastWatched = signal;
    if (watched.has(signal)) return;
    watched.add(signal);
    signal.addEventListener(
      'abort',
      () => {
        const aborted = sleepers.values().filter((sleeper) => sleeper.signal === signal && !sleeper.done);
        for (const sleeper of aborted.sort((a, b) => a.seq - b.seq)) {
          // Left in the heap: popped later and skipped as done.
          sleeper.done = true;
          live -= 1;
          sleeper.reject(signal.reason);
        }
      },
      { once: true }
    );
  }

  function now(): Temporal.Instant {
    if (nowInstantMs !== nowMs) {
      nowInstant = Temporal.Instant.fromEpochMilliseconds(nowMs);
      nowInstantMs = nowMs;
    }
    return nowInstant;
  }

  /**
   * Wakes the next sleeper due, then comes back after a turn of the event loop (setImmediate), once
   * what it set off (promise reactions, I/O already due) has run; finishes the advance when none is
   * due. An immediate, not a MessageChannel round trip: as cheap in CPU and without a MessageEvent
   * per wake-up.
   */
  function wakeNext(): void {
    const current = advance as Advance;
    try {
      for (;;) {
        const next = sleepers.peek();
        if (next === undefined || next.atMs > current.limitMs) return finish(null);
        sleepers.pop();
        if (next.done) continue;
        current.steps += 1;
        if (current.steps > current.maxSteps) {
          return finish(new Error(`${current.what}: more than ${current.maxSteps} wake-ups; something keeps rescheduling itself.`));
        }
        nowMs = next.atMs;
        next.done = true;
        live -= 1;
        next.resolve();
        return void setImmediate(wakeNext);
      }
    } catch (error) {
      finish(error);
    }
  }

  function finish(error: unknown): void {
    const current = advance as Advance;
    advance = null;
    if (error === null) current.resolve(current.steps);
    else current.reject(error);
  }

  function wakeUntil(limitMs: number, maxSteps: number, what: string): Promise<number> {
    if (advance !== null) return Promise.reject(new Error('The virtual clock is already advancing; await the previous call first.'));
    return new Promise<number>((resolve, reject) => {
      advance = { limitMs, maxSteps, what, steps: 0, resolve, reject };
      // Work started before this call may not have gone to sleep yet.
      setImmediate(wakeNext);
    });
  }

  return {
    now,
    nowMs: () => nowMs,
    pending: () => live,

    sleepUntil(atMs, signal) {
      if (signal?.aborted) return Promise.reject(signal.reason);
      if (atMs <= nowMs) return Promise.resolve();
      return new Promise<void>((resolve, reject) => {
        if (signal !== undefined) watch(signal);
        live += 1;
        sleepers.push({ atMs, seq: seq++, done: false, resolve, reject, signal });
      });
    },

    async advanceTo(at) {
      const targetMs = at.epochMilliseconds;
      if (targetMs < nowMs) {
        throw new RangeError(
          `The virtual clock only moves forward: ${at.toString()} is before ${now().toString()}.`
        );
      }
      await wakeUntil(targetMs, loopLimit, 'advanceTo');
      nowMs = targetMs;
    },

    async advanceBy(ms) {
      if (!Number.isFinite(ms) || ms < 0) throw new RangeError(`advanceBy needs a duration ≥ 0 ms, got ${ms}.`);
      await this.advanceTo(Temporal.Instant.fromEpochMilliseconds(nowMs + ms));
    },

    async runUntilIdle({ maxSteps = loopLimit, until } = {}) {
      const limitMs = until === undefined ? Number.POSITIVE_INFINITY : until.epochMilliseconds;
      if (limitMs < nowMs) {
        throw new RangeError(`runUntilIdle: ${until?.toString()} is before ${now().toString()}.`);
      }
      const steps = await wakeUntil(limitMs, maxSteps, 'runUntilIdle');
      if (until !== undefined) nowMs = limitMs;
      return steps;
    }
  };
}

// ---------------------------------------------------------------------------------------------

interface Advance {
  limitMs: number;
  maxSteps: number;
  what: string;
  steps: number;
  resolve(steps: number): void;
  reject(error: unknown): void;
}

interface Sleeper {
  atMs: number;
  seq: number;
  done: boolean;
  resolve(): void;
  reject(reason: unknown): void;
  signal: AbortSignal | undefined;
}

function earlier(a: Sleeper, b: Sleeper): boolean {
  return a.atMs < b.atMs || (a.atMs === b.atMs && a.seq < b.seq);
}
