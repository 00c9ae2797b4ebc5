import { describe, expect, it } from 'vitest';
import { float64Column, Int32Rows } from '../../adapters/memory/columns.js';

describe('the memory store’s number columns', () => {
  it('keep every value across chunk boundaries, and records apart field by field', () => {
    const column = float64Column();
    const rows = new Int32Rows(3);
    const count = 40_000;
    for (let i = 0; i < count; i += 1) {
      expect(column.push(1_780_000_000_000 + i * 7.5)).toBe(i);
      const row = rows.add();
      rows.set(row, 0, i);
      rows.set(row, 2, -i);
    }
    column.set(count - 1, Number.NaN);
    expect(column.length).toBe(count);
    expect([column.at(0), column.at(16_384), column.at(count - 2)]).toEqual([1_780_000_000_000, 1_780_000_122_880, 1_780_000_000_000 + (count - 2) * 7.5]);
    expect(column.at(count - 1)).toBeNaN();
    expect(rows.length).toBe(count);
    expect([rows.at(16_383, 0), rows.at(16_384, 0), rows.at(16_384, 1), rows.at(count - 1, 2)]).toEqual([16_383, 16_384, 0, -(count - 1)]);
  });
});
