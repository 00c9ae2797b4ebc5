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

  it('refuses offsets and abbreviations, suggesting a name when it knows one', () => {
    expect(resolveTimeZone('+05:00')).toEqual({
      ok: false,
      reason: 'time zone "+05:00" is a fixed UTC offset; give an IANA name such as Asia/Karachi so that daylight saving time is followed'
    });
    expect(resolveTimeZone('Pacific Time')).toEqual({
      ok: false,
      reason: 'time zone "Pacific Time" is not an IANA time zone name (did you mean America/Los_Angeles?)'
    });
    expect(resolveTimeZone('Mars/Olympus')).toMatchObject({ ok: false });
  });
});
