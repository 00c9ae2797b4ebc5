// Shared helpers for benchmarks: a median of repeated runs, the process's peak memory, and test
// helpers written in TypeScript.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

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

/**
 * A TypeScript module under test/ (the fake Twilio, the throwaway PostgreSQL server), transpiled
 * next to dist/ so that its relative imports of the project resolve to the compiled code there.
 * `path` is relative to the repository, e.g. test/fakes/twilio-server.ts.
 */
export async function importTestModule(path) {
  const ts = (await import('typescript')).default;
  const source = readFileSync(join(root, path), 'utf8');
  const { outputText } = ts.transpileModule(source, { compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 } });
  const out = join(root, 'dist', path.replace(/\.ts$/, '.js'));
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, outputText);
  return import(out);
}
