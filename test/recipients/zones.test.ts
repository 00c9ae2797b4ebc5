import { describe, expect, it } from 'vitest';
import { resolveTimeZone } from '../../core/recipients/index.js';

describe('time zones', () => {
  it('accepts IANA names in any case, and their aliases such as US/Eastern', () => {
    expect(resolveTimeZone('america/new_york')).toEqual({ ok: true, timeZone: 'America/New_York', fixedOffset: false });
    expect(resolveTimeZone(' US/Eastern ')).toEqual({ ok: true, timeZone: 'US/Eastern', fixedOffset: false });
    expect(resolveTimeZone('Asia/Calcutta')).toMatchObject({ ok: true, timeZone: 'Asia/Calcutta' });
  });

  it('flags EST, which is valid but never switches to daylight saving time', () => {
    expect(resolveTimeZone('EST')).toEqual({ ok: true, timeZone: 'EST', fixedOffset: true });
  });

  it('refuses every spelling of a fixed offset, naming a place that keeps it', () => {
    expect(resolveTimeZone('-03:00')).toMatchObject({ ok: false, reason: expect.stringContaining('such as America/Sao_Paulo') });
    expect(resolveTimeZone('UTC-5')).toMatchObject({ ok: false, reason: expect.stringContaining('such as America/New_York') });
    expect(resolveTimeZone('GMT+05:30')).toMatchObject({ ok: false, reason: expect.stringContaining('such as Asia/Kolkata') });
    expect(resolveTimeZone('+0900')).toMatchObject({ ok: false, reason: expect.stringContaining('such as Asia/Tokyo') });
    expect(resolveTimeZone('+13:45')).toMatchObject({ ok: false, reason: expect.stringContaining('is a fixed UTC offset') });
  });

  it('refuses offsets and abbreviations, suggesting a name when it knows one', () => {
    expect(resolveTimeZone('+05:00')).toEqual({
      ok: false,
      reason: 'time zone "+05:00" is a fixed UTC offset; give an IANA name such as Asia/Karachi so that daylight saving time is followed'
    });
    expect(resolveTimeZone('Pacific Time')).toEqual({
      ok: false,
      reason: 'time zone "Pacific Time" is not an IANA time zone name (did you mean America/Los_Angeles?)'
    });
    expect(resolveTimeZone('Mars/Olympus')).toEqual({ ok: false, reason: 'time zone "Mars/Olympus" is not an IANA time zone name such as America/New_York' });
    expect(resolveTimeZone('America/New_Yrok')).toEqual({
      ok: false,
      reason: 'time zone "America/New_Yrok" is not an IANA time zone name (did you mean America/New_York?)'
    });
    expect(resolveTimeZone('Amercia/Chicago')).toMatchObject({ ok: false, reason: expect.stringContaining('(did you mean America/Chicago?)') });
    expect(resolveTimeZone('America/Gotham')).toMatchObject({ ok: false, reason: expect.stringContaining('such as America/New_York') });
  });
});
