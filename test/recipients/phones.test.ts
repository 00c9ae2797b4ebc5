import { describe, expect, it } from 'vitest';
import { normalisePhone } from '../../core/recipients/index.js';

const ok = (e164: string, addedPlus = false) => ({ ok: true, e164, addedPlus });

describe('phone numbers', () => {
  it('reads national formats with the default country and international ones as they are', () => {
    expect(normalisePhone('(212) 555-9876', 'US')).toEqual(ok('+12125559876'));
    expect(normalisePhone('212.555.9876', 'US')).toEqual(ok('+12125559876'));
    expect(normalisePhone('06 12 34 56 78', 'FR')).toEqual(ok('+33612345678'));
    expect(normalisePhone('+44 7400 123456', 'US')).toEqual(ok('+447400123456'));
    expect(normalisePhone('tel:+1-212-555-9876', 'US')).toEqual(ok('+12125559876'));
  });

  it('reads the 00 international prefix, and a + a spreadsheet dropped (flagged)', () => {
    expect(normalisePhone('0044 7400 123456', 'US')).toEqual(ok('+447400123456'));
    expect(normalisePhone('447400123456', 'US')).toEqual(ok('+447400123456', true));
  });

  it('says why a number cannot take an SMS', () => {
    const reason = (raw: string, country: 'US' | 'GB' = 'US') => {
      const result = normalisePhone(raw, country);
      return result.ok ? null : result.reason;
    };
    expect(reason('555-12')).toBe('phone "555-12" is not a valid number for US (too short)');
    expect(reason('')).toBe('no phone number');
    expect(reason('+1 212 555 98765 4321')).toBe('phone "+1 212 555 98765 4321" is not a valid phone number (too long)');
    expect(reason('020 7946 0958', 'GB')).toBe('phone "020 7946 0958" is a landline in GB and cannot receive SMS');
    expect(reason('+1 800 555 0199')).toBe('phone "+1 800 555 0199" is a toll-free number in US and cannot receive SMS');
    expect(reason('1.41556E+10')).toBe(
      'phone "1.41556E+10" was rounded by a spreadsheet into scientific notation; format the phone column as text and export again'
    );
    expect(reason('06 12 34 56 78')).toBe('phone "06 12 34 56 78" is not a valid number for US');
  });

  it('gives a number already in E.164 the same reasons as any other', () => {
    expect(normalisePhone('+442079460958', 'US')).toEqual({
      ok: false,
      reason: 'phone "+442079460958" is a landline in GB and cannot receive SMS'
    });
    expect(normalisePhone('+1201000000', 'US')).toEqual({ ok: false, reason: 'phone "+1201000000" is not a valid phone number (wrong number of digits)' });
    expect(normalisePhone('+12010000000', 'US')).toEqual({ ok: false, reason: 'phone "+12010000000" is not a valid phone number' });
    // A national prefix kept after the country code is read as the text parser reads it.
    expect(normalisePhone('+4407400123456', 'US')).toEqual(ok('+447400123456'));
  });
});
