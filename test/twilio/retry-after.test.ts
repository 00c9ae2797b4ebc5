import { describe, expect, it } from 'vitest';
import { retryAfterMs } from '../../adapters/twilio/retry-after.js';

// Wednesday 2 December 2026, 16:00:00.250 UTC: a quarter second into the second.
const nowMs = Date.UTC(2026, 11, 2, 16, 0, 0, 250);

describe('Retry-After, as seconds or as an HTTP date', () => {
  it('reads delay-seconds, 0 included', () => {
    expect(retryAfterMs('120', nowMs)).toBe(120_000);
    expect(retryAfterMs(' 7 ', nowMs)).toBe(7_000);
    expect(retryAfterMs('0', nowMs)).toBe(0);
  });

  it('reads a date in the preferred form as the wait until then, from our clock', () => {
    expect(retryAfterMs('Wed, 02 Dec 2026 16:00:30 GMT', nowMs)).toBe(29_750);
    // Twilio's own date style ends +0000 rather than GMT.
    expect(retryAfterMs('Wed, 02 Dec 2026 16:01:00 +0000', nowMs)).toBe(59_750);
  });

  it('reads the two obsolete forms HTTP still obliges a client to accept', () => {
    expect(retryAfterMs('Wednesday, 02-Dec-26 16:00:30 GMT', nowMs)).toBe(29_750);
    expect(retryAfterMs('Wed Dec  2 16:00:30 2026', nowMs)).toBe(29_750);
    // A two-digit year more than 50 years ahead belongs to the last century: no wait at all.
    expect(retryAfterMs('Sunday, 06-Nov-94 08:49:37 GMT', nowMs)).toBe(0);
  });

  it('asks for no wait when the date is already past', () => {
    expect(retryAfterMs('Wed, 02 Dec 2026 16:00:00 GMT', nowMs)).toBe(0);
    expect(retryAfterMs('Tue, 01 Dec 2026 09:00:00 GMT', nowMs)).toBe(0);
  });

  it.each([
    ['no header', undefined],
    ['an empty header', ''],
    ['a word', 'soon'],
    ['a negative delay', '-5'],
    ['a fractional delay', '1.5'],
    ['a date a lenient parser would roll over (31 February)', 'Tue, 31 Feb 2026 16:00:30 GMT'],
    ['a date in a local zone', 'Wed, 02 Dec 2026 08:00:30 PST'],
    ['an ISO instant', '2026-12-02T16:00:30Z'],
    ['two bare numbers Date.parse would read as a date', '1 2']
  ])('ignores %s', (_what, header) => {
    expect(retryAfterMs(header, nowMs)).toBeUndefined();
  });

  it('takes the first of repeated headers', () => {
    expect(retryAfterMs(['3', '9'], nowMs)).toBe(3_000);
  });
});
