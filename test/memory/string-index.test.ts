import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { StringIndex } from '../../adapters/memory/string-index.js';

describe('the string index of the memory store', () => {
  it('answers like a Map of each key to its latest row, across growth, and says which row a key pointed at before', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ maxLength: 6 }), { maxLength: 3000 }), fc.array(fc.string({ maxLength: 6 }), { maxLength: 50 }), (keys, probes) => {
        const rows: string[] = [];
        const index = new StringIndex((row) => rows[row] ?? null);
        const model = new Map<string, number>();
        for (const key of keys) {
          expect(index.set(key, rows.push(key) - 1)).toBe(model.get(key) ?? -1);
          model.set(key, rows.length - 1);
        }
        for (const key of [...keys, ...probes]) expect(index.get(key)).toBe(model.get(key) ?? -1);
      }),
      { numRuns: 60 }
    );
  });

  it('finds the latest of a million provider ids and misses the next one, reserved or grown', () => {
    const ids: string[] = [];
    const index = new StringIndex((row) => ids[row] ?? null);
    index.set('SM0', ids.push('SM0') - 1);
    index.reserve(300_000);
    expect(index.get('SM0')).toBe(0);
    ids.length = 0;
    for (let i = 0; i < 1_000_000; i += 1) index.set(`SM${i + 1}`, ids.push(`SM${i + 1}`) - 1);
    expect(index.get('SM1')).toBe(0);
    expect(index.get('SM1000000')).toBe(999_999);
    expect(index.get('SM1000001')).toBe(-1);
  });
});
