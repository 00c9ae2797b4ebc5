import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RetryQueue } from '../../core/plan/retry-queue.js';

type Op = { kind: 'push'; row: number; notBeforeMs: number } | { kind: 'done'; row: number } | { kind: 'ask'; atMs: number };

const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant('push' as const), row: fc.integer({ min: 0, max: 20 }), notBeforeMs: fc.integer({ min: 0, max: 100 }) }),
  fc.record({ kind: fc.constant('done' as const), row: fc.integer({ min: 0, max: 20 }) }),
  fc.record({ kind: fc.constant('ask' as const), atMs: fc.integer({ min: 0, max: 110 }) })
);

describe('the retry queue', () => {
  it('answers as a plain list would, whatever order the instants are asked in', () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 80 }), (ops) => {
        // The model: each row waits from one instant at most; a later push replaces it.
        const model = new Map<number, number>();
        const versions = new Map<number, number>();
        const queue = new RetryQueue((row, version) => model.has(row) && versions.get(row) === version);
        for (const step of ops) {
          if (step.kind === 'push') {
            model.set(step.row, step.notBeforeMs);
            versions.set(step.row, (versions.get(step.row) ?? 0) + 1);
            queue.push(step.row, step.notBeforeMs, versions.get(step.row)!);
          } else if (step.kind === 'done') {
            model.delete(step.row);
          } else {
            const waits = [...model.values()];
            expect(queue.earliestFrom(step.atMs)).toBe(waits.length === 0 ? null : Math.max(step.atMs, Math.min(...waits)));
            const due = [...model].filter(([, at]) => at <= step.atMs).map(([row]) => row);
            expect(queue.firstDueAt(step.atMs)).toBe(due.length === 0 ? null : Math.min(...due));
          }
        }
      }),
      { numRuns: 500 }
    );
  });
});
