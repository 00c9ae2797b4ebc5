import { Temporal } from 'temporal-polyfill';

/** "Tue 22 Dec 2026, 15:10 EST": an instant in the campaign's zone, its abbreviation shown. */
export function formatInstant(iso: string, timeZone: string): string {
  return new Intl.DateTimeFormat('en-GB', {
    timeZone,
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
    timeZoneName: 'short'
  }).format(new Date(Temporal.Instant.from(iso).epochMilliseconds));
}

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
