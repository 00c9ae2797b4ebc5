// Shared helpers for benchmarks: a median of repeated runs and the process's peak memory.
import { performance } from 'node:perf_hooks';

/** Runs `fn` `runs` times after one warm-up and returns the median wall time in ms. */
export function medianMs(fn, runs = 5) {
  fn();
  const times = [];
  for (let i = 0; i < runs; i += 1) {
    globalThis.gc?.();
    const start = performance.now();
    fn();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}

/** Peak resident set size of this process so far, in MiB. */
export function peakRssMiB() {
  return process.resourceUsage().maxRSS / 1024;
}

export function fmt(n, digits = 1) {
  return n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
}
