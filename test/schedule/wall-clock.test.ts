import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Temporal } from 'temporal-polyfill';
import { ZoneWindows, compileHours } from '../../core/index.js';
import { WallClock } from '../../core/schedule/wall-clock.js';
import { zones } from '../support/scenario-arbitrary.js';

const epochDayOf = (date: string) => Temporal.PlainDate.from(date).since(Temporal.PlainDate.from('1970-01-01')).days;

describe('wall-clock times to instants', () => {
  it('agree with Temporal (disambiguation compatible) for any zone, date and minute, asked in any order', () => {
    // The shortcut `wall - offset` must give Temporal's answer everywhere, DST nights included.
    const query = fc.record({ day: fc.integer({ min: epochDayOf('1960-01-01'), max: epochDayOf('2060-12-31') }), minute: fc.integer({ min: 0, max: 1440 }) });
    fc.assert(
      fc.property(fc.constantFrom(...zones, 'Africa/Casablanca', 'America/Havana', 'Asia/Gaza'), fc.array(query, { minLength: 1, maxLength: 60 }), fc.boolean(), (zone, queries, sorted) => {
        const clock = new WallClock(zone);
        const asked = sorted ? [...queries].sort((a, b) => a.day - b.day || a.minute - b.minute) : queries;
        for (const { day, minute } of asked) {
          const date = Temporal.PlainDate.from('1970-01-01').add({ days: day + Math.floor(minute / 1440) });
          const expected = date
            .toPlainDateTime({ hour: Math.floor((minute % 1440) / 60), minute: minute % 60 })
            .toZonedDateTime(zone, { disambiguation: 'compatible' }).epochMilliseconds;
          expect(clock.toEpochMs(day, minute), `${zone} day ${day} minute ${minute}`).toBe(expected);
        }
      }),
      { numRuns: 300 }
    );
  });

  it('agree on every day around 2026’s transitions, stepping forward as the scheduler does', () => {
    for (const zone of zones) {
      const clock = new WallClock(zone);
      for (let day = epochDayOf('2026-01-01'); day < epochDayOf('2027-01-01'); day += 1) {
        for (const minute of [0, 90, 120, 150, 1440]) expect(clock.toEpochMs(day, minute)).toBe(clock.convertWithTemporal(day, minute));
      }
    }
  });
});

describe('zone windows', () => {
  const week = compileHours({ mon: [['01:00', '02:30'], ['03:00', '04:00']], tue: [], wed: [], thu: [], fri: [], sat: [], sun: [['01:00', '02:30'], ['03:00', '04:00']] });

  it('merge windows that a spring-forward jump makes overlap', () => {
    // 8 March 2026 in New York: 01:00–02:30 becomes 06:00Z–07:30Z and 03:00–04:00 becomes
    // 07:00Z–08:00Z; an instant in either is eligible, so the open time is 06:00Z–08:00Z.
    const windows = new ZoneWindows('America/New_York', week);
    const from = Temporal.Instant.from('2026-03-08T00:00:00Z').epochMilliseconds;
    const window = windows.windowFrom(from);
    expect([window.openMs, window.closeMs].map((ms) => Temporal.Instant.fromEpochMilliseconds(ms).toString())).toEqual([
      '2026-03-08T06:00:00Z',
      '2026-03-08T08:00:00Z'
    ]);
  });

  it('follow touching windows to say how long the time stays open', () => {
    const allWeek = compileHours(Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, [['00:00', '24:00']]])) as never);
    const windows = new ZoneWindows('UTC', allWeek);
    const at = Temporal.Instant.from('2026-06-01T23:00:00Z').epochMilliseconds;
    expect(windows.windowFrom(at).closeMs - at).toBe(3_600_000);
    // Midnight is not a close: the open time runs on through Tuesday, past the 10 h asked about.
    expect(windows.openUntil(at, 10 * 3_600_000) - at).toBe(25 * 3_600_000);
  });
});
