import fc from 'fast-check';
import { Temporal } from 'temporal-polyfill';

/**
 * Random scenarios (as JSON, before parsing) for property tests: zones with DST of every kind,
 * windows that straddle the DST hours, `24:00` closes, lists and stops around the transition
 * dates of 2026. Kept small enough that a reference check per send stays cheap.
 */
export const zones = [
  'America/New_York',
  'America/Los_Angeles',
  'Europe/London',
  'Europe/Berlin',
  'Australia/Lord_Howe',
  'Australia/Sydney',
  'Pacific/Chatham',
  'Asia/Kathmandu',
  'America/Santiago',
  'Asia/Tokyo',
  'UTC'
] as const;

/** Days around 2026's offset changes (US, EU, southern hemisphere), where bugs live. */
const transitionDays = ['2026-03-08', '2026-03-29', '2026-04-05', '2026-09-06', '2026-09-27', '2026-10-04', '2026-10-25', '2026-11-01'];

const minuteText = (minute: number) =>
  `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`;

/** A day's windows: sorted, disjoint, on a 15-minute grid (with a bias to the DST hours 00:00–04:00). */
const dayWindows = fc
  .uniqueArray(fc.oneof(fc.integer({ min: 0, max: 16 }), fc.integer({ min: 0, max: 96 })), { minLength: 0, maxLength: 4 })
  .map((points) => {
    const sorted = points.map((p) => p * 15).sort((a, b) => a - b);
    const windows: [string, string][] = [];
    for (let i = 0; i + 1 < sorted.length; i += 2) windows.push([minuteText(sorted[i]!), minuteText(sorted[i + 1]!)]);
    return windows;
  });

const hours = fc
  .record({ mon: dayWindows, tue: dayWindows, wed: dayWindows, thu: dayWindows, fri: dayWindows, sat: dayWindows, sun: dayWindows })
  .map((week) => {
    if (Object.values(week).every((day) => day.length === 0)) week.wed = [['09:00', '17:00']];
    return week;
  });

// Often on a 15-minute grid, so that sends land exactly on window edges, list ends and stops.
const instantNear = fc
  .record({
    day: fc.constantFrom(...transitionDays),
    offsetMinutes: fc.oneof(fc.integer({ min: -3 * 96, max: 3 * 96 }).map((q) => q * 15), fc.integer({ min: -3 * 1440, max: 3 * 1440 })),
    ms: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 59_999 }))
  })
  .map(({ day, offsetMinutes, ms }) =>
    Temporal.PlainDate.from(day).toZonedDateTime('UTC').add({ milliseconds: offsetMinutes * 60_000 + ms }).toInstant()
  );

const recipientZone = fc.option(fc.constantFrom(...zones), { nil: undefined, freq: 4 });

const list = (index: number) =>
  fc
    .record({
      startAfter: instantNear,
      createdAt: fc.integer({ min: -5_000_000, max: 0 }),
      lengthMs: fc.option(
        fc.oneof(fc.integer({ min: 1, max: 6 * 96 }).map((q) => q * 900_000), fc.integer({ min: 60_000, max: 6 * 86_400_000 })),
        { nil: null }
      ),
      zones: fc.array(recipientZone, { minLength: 1, maxLength: 30 })
    })
    .map(({ startAfter, createdAt, lengthMs, zones: recipientZones }) => ({
      id: `list-${index}`,
      fileName: `list-${index}.csv`,
      createdAt: startAfter.add({ milliseconds: createdAt }).toString(),
      startAfter: startAfter.toString(),
      endBefore: lengthMs === null ? null : startAfter.add({ milliseconds: lengthMs }).toString(),
      recipients: recipientZones.map((zone, row) => ({
        phone: `+1212202${String(index * 1000 + row).padStart(4, '0')}`,
        ...(zone === undefined ? {} : { timeZone: zone })
      }))
    }));

export const scenarioJson = fc
  .record({
    timeZone: fc.constantFrom(...zones),
    hours,
    messages: fc.integer({ min: 1, max: 30 }),
    perSeconds: fc.constantFrom(1, 7, 60, 300, 900, 3600, 7200),
    dailyLimit: fc.option(fc.integer({ min: 1, max: 25 }), { nil: null }),
    listCount: fc.integer({ min: 1, max: 3 }),
    stops: fc.array(fc.record({ list: fc.integer({ min: 0, max: 2 }), at: instantNear }), { maxLength: 2 }),
    untilDays: fc.option(fc.integer({ min: 1, max: 14 }), { nil: null, freq: 3 })
  })
  .chain((settings) =>
    fc.tuple(...Array.from({ length: settings.listCount }, (_, i) => list(i))).map((lists) => ({
      campaign: {
        name: 'Property',
        timeZone: settings.timeZone,
        hours: settings.hours,
        rate: { messages: settings.messages, perSeconds: settings.perSeconds },
        dailyLimit: settings.dailyLimit,
        message: 'Hi {{name|there}}'
      },
      lists,
      actions: settings.stops
        .filter((stop) => stop.list < lists.length)
        .map((stop) => ({ at: stop.at.toString(), stop: `list-${stop.list}` })),
      until:
        settings.untilDays === null
          ? null
          : Temporal.Instant.from(lists[0]!.startAfter).add({ hours: settings.untilDays * 24 }).toString()
    }))
  );
