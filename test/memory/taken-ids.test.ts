import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TakenIds } from '../../adapters/memory/taken-ids.js';

function takenIds() {
  const ids: string[] = [];
  const taken = new TakenIds((i) => ids[i] as string, () => ids.length);
  return {
    has: (id: string) => taken.has(id),
    take(id: string) {
      taken.take(id, ids.push(id) - 1);
    }
  };
}

describe('the attempt ids the memory store has taken', () => {
  it('answers like a Set, whatever order ids come in', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ maxLength: 4 }), { maxLength: 400 }), (ids) => {
        const taken = takenIds();
        const model = new Set<string>();
        for (const id of ids) {
          expect(taken.has(id)).toBe(model.has(id));
          if (!model.has(id)) taken.take(id);
          model.add(id);
        }
        for (const id of ids) expect(taken.has(id)).toBe(true);
      }),
      { numRuns: 200 }
    );
  });

  it('knows counter ids taken in order, and an earlier one offered again after them', () => {
    const taken = takenIds();
    for (let n = 1; n <= 1000; n += 1) {
      expect(taken.has(`attempt-${n}`)).toBe(false);
      taken.take(`attempt-${n}`);
    }
    expect(taken.has('attempt-10')).toBe(true);
    expect(taken.has('attempt-999')).toBe(true);
    expect(taken.has('attempt-0')).toBe(false);
    // Out of order: taken ids past this one must still be found afterwards.
    taken.take('attempt-0');
    expect(taken.has('attempt-0')).toBe(true);
    expect(taken.has('attempt-1000')).toBe(true);
    expect(taken.has('attempt-1001')).toBe(false);
    taken.take('attempt-1001');
    expect(taken.has('attempt-1001')).toBe(true);
  });
});
