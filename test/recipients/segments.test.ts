import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { countSegments, describeSegments } from '../../core/recipients/index.js';

describe('SMS segments', () => {
  it('fits 160 GSM-7 characters in one segment and splits longer text into parts of 153', () => {
    expect(countSegments('Hi Ada, your order is ready. Reply STOP to opt out.')).toEqual({
      segments: 1,
      encoding: 'GSM-7',
      characters: 51,
      units: 51,
      nonGsmCharacters: []
    });
    expect(countSegments('a'.repeat(160)).segments).toBe(1);
    expect(countSegments('a'.repeat(161)).segments).toBe(2);
    expect(countSegments('a'.repeat(306)).segments).toBe(2);
    expect(countSegments('a'.repeat(307)).segments).toBe(3);
  });

  it('counts € and ^ from the extension table as two septets, still GSM-7', () => {
    expect(countSegments('Total: 5€ ^_^')).toMatchObject({ encoding: 'GSM-7', characters: 13, units: 16, segments: 1 });
    expect(countSegments('€'.repeat(80)).segments).toBe(1);
    expect(countSegments('€'.repeat(81)).segments).toBe(2);
  });

  it('never splits an escape sequence: a € that would straddle two parts starts the next one', () => {
    // 152 septets, then € (2): the first part has room for one septet only.
    const text = 'a'.repeat(152) + '€' + 'a'.repeat(10);
    expect(countSegments(text)).toMatchObject({ units: 164, segments: 2 });
    expect(countSegments('a'.repeat(152) + '€' + 'a'.repeat(152)).segments).toBe(3);
  });

  it('switches the whole message to UCS-2 for a curly quote, 70 then 67 per part', () => {
    const count = countSegments('Don’t forget your order');
    expect(count).toMatchObject({ encoding: 'UCS-2', segments: 1, nonGsmCharacters: ['’'] });
    expect(describeSegments(count)).toBe('1 segment (UCS-2: contains ’)');
    expect(countSegments('’' + 'a'.repeat(69)).segments).toBe(1);
    expect(countSegments('’' + 'a'.repeat(70)).segments).toBe(2);
    expect(countSegments('’' + 'a'.repeat(140)).segments).toBe(3);
  });

  it('counts an emoji as two UCS-2 units and never splits it', () => {
    expect(countSegments('Thanks 🎉')).toMatchObject({ encoding: 'UCS-2', characters: 8, units: 9, nonGsmCharacters: ['🎉'] });
    expect(countSegments('🎉'.repeat(35)).segments).toBe(1);
    expect(countSegments('a' + '🎉'.repeat(35)).segments).toBe(2);
    // 66 units, then a pair that does not fit in the first part's last unit.
    expect(countSegments('a'.repeat(66) + '🎉' + 'a'.repeat(66)).segments).toBe(3);
  });

  it('reads the GSM accents as GSM-7 and the ones it lacks as UCS-2', () => {
    expect(countSegments('Müller, Ñoño, café à Zürich').encoding).toBe('GSM-7');
    expect(countSegments('façade').nonGsmCharacters).toEqual(['ç']);
    expect(describeSegments(countSegments('x'.repeat(200)))).toBe('2 segments (GSM-7)');
    expect(countSegments('')).toMatchObject({ segments: 0, encoding: 'GSM-7' });
  });

  it('never prices a text below its units ÷ part size, nor a part above the single-message size', () => {
    const text = fc.string({ unit: fc.constantFrom('a', ' ', '€', '^', 'é', '’', '🎉', '\n'), maxLength: 400 });
    fc.assert(
      fc.property(text, (t) => {
        const count = countSegments(t);
        const { single, part } = count.encoding === 'GSM-7' ? { single: 160, part: 153 } : { single: 70, part: 67 };
        expect(count.encoding === 'UCS-2').toBe(count.nonGsmCharacters.length > 0);
        if (count.units <= single) expect(count.segments).toBe(count.units === 0 ? 0 : 1);
        else {
          expect(count.segments).toBeGreaterThanOrEqual(Math.ceil(count.units / part));
          // A straddling character wastes at most one unit per part.
          expect(count.segments).toBeLessThanOrEqual(Math.ceil(count.units / (part - 1)));
        }
      })
    );
  });
});
