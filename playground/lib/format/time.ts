import { Temporal } from 'temporal-polyfill';

/** "Tue 22 Dec 2026, 15:10 EST": an instant in the campaign's zone, with the zone's short name. */
export function formatInstant(iso: string, timeZone: string): string {
  const date = new Date(Temporal.Instant.from(iso).epochMilliseconds);
  const parts = Object.fromEntries(dateParts(timeZone).formatToParts(date).map((part) => [part.type, part.value]));
  // en-US names zones the way Americans read them (EST, PDT); elsewhere it gives GMT+1 and the like.
  const zone = zoneName(timeZone).formatToParts(date).find((part) => part.type === 'timeZoneName')?.value ?? timeZone;
  return `${parts.weekday} ${parts.day} ${parts.month} ${parts.year}, ${parts.hour}:${parts.minute} ${zone}`;
}

const formats = new Map<string, Intl.DateTimeFormat>();
function cached(key: string, make: () => Intl.DateTimeFormat): Intl.DateTimeFormat {
  let format = formats.get(key);
  if (format === undefined) formats.set(key, (format = make()));
  return format;
}
const dateParts = (timeZone: string) =>
  cached(`parts:${timeZone}`, () => new Intl.DateTimeFormat('en-GB', { timeZone, weekday: 'short', day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }));
const zoneName = (timeZone: string) => cached(`zone:${timeZone}`, () => new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'short' }));

/** A `datetime-local` value ("2026-12-18T17:00") as an instant in `timeZone`; null when malformed. */
export function instantOfLocal(text: string, timeZone: string): Temporal.Instant | null {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/.test(text)) return null;
  try {
    return Temporal.PlainDateTime.from(text).toZonedDateTime(timeZone, { disambiguation: 'compatible' }).toInstant();
  } catch {
    return null;
  }
}

/** An instant as a `datetime-local` value in `timeZone`, to the minute. */
export function localOfInstant(instant: Temporal.Instant, timeZone: string): string {
  return instant.toZonedDateTimeISO(timeZone).toPlainDateTime().toString({ smallestUnit: 'minute' });
}

export const count = (n: number) => n.toLocaleString('en-US');
