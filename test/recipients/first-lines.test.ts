import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FirstLines } from '../../core/recipients/first-lines.js';

const e164 = fc
  .tuple(fc.integer({ min: 1, max: 9 }), fc.stringMatching(/^\d{6,14}$/))
  .map(([first, rest]) => `+${first}${rest}`);

describe('FirstLines', () => {
  it('answers like a Map from phone to the first line, through any number of growths', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(e164, fc.constantFrom('+12125550100', '+999999999999999', '+1000000')), { maxLength: 400 }), (phones) => {
        const table = new FirstLines(1);
        const reference = new Map<string, number>();
        phones.forEach((phone, line) => {
          expect(table.firstOrAdd(phone, line)).toBe(reference.get(phone));
          if (!reference.has(phone)) reference.set(phone, line);
        });
        expect(table.size).toBe(reference.size);
      })
    );
  });

  it('keeps numbers apart that differ only in the high digits or only in the low ones', () => {
    const table = new FirstLines();
    const phones = Array.from({ length: 5000 }, (_, i) => (i % 2 === 0 ? `+${1 + (i % 9)}${String(i).padStart(14, '0')}` : `+4${i}00000000`));
    phones.forEach((phone, line) => expect(table.firstOrAdd(phone, line)).toBeUndefined());
    phones.forEach((phone, line) => expect(table.firstOrAdd(phone, 99_999)).toBe(line));
    expect(table.size).toBe(5000);
  });
});
