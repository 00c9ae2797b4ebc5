import { Temporal } from 'temporal-polyfill';
import type { Clock } from '../../core/ports/clock.js';

/** setTimeout cannot wait longer than this (about 24.8 days); longer sleeps are chained. */
const maxTimeoutMs = 2 ** 31 - 1;

/**
 * The production clock and the only module allowed to read the real time. A sleep wakes at or
 * after its instant; a long one is cut into setTimeout-sized pieces and re-checks the time after
 * each, so a machine that slept or a clock that jumped still wakes at the right instant.
 */
export function createSystemClock(): Clock {
  // One reading of the time for both answers, so that `now()` is the millisecond `nowMs()` gives
  // (the port's promise) whatever source Temporal.Now would read, native or polyfilled.
  const nowMs = () => Date.now();
  return {
    nowMs,
    now: () => Temporal.Instant.fromEpochMilliseconds(nowMs()),
    sleepUntil(atMs, signal) {
      return new Promise<void>((resolve, reject) => {
        if (signal?.aborted) {
          reject(signal.reason);
          return;
        }
        let timer: ReturnType<typeof setTimeout> | undefined;
        const onAbort = () => {
          clearTimeout(timer);
          reject(signal?.reason);
        };
        const check = () => {
          const remainingMs = atMs - nowMs();
          if (remainingMs <= 0) {
            signal?.removeEventListener('abort', onAbort);
            resolve();
            return;
          }
          timer = setTimeout(check, Math.min(remainingMs, maxTimeoutMs));
        };
        signal?.addEventListener('abort', onAbort, { once: true });
        check();
      });
    }
  };
}
