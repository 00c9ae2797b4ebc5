import { Temporal } from 'temporal-polyfill';

/** An instant as a `datetime-local` input shows it: wall-clock time in the campaign's zone, to the minute. */
export function localInputValue(instant: Temporal.Instant, timeZone: string): string {
  return instant.toZonedDateTimeISO(timeZone).toPlainDateTime().toString({ smallestUnit: 'minute' });
}

export type InstantField = { ok: true; instant: Temporal.Instant | null } | { ok: false; message: string };

/**
 * A `datetime-local` value read in the campaign's zone (a time a DST jump skips moves forward, as
 * the sending rules do); empty means none.
 */
export function instantFromInput(value: string, timeZone: string): InstantField {
  if (value.trim() === '') return { ok: true, instant: null };
  try {
    const local = Temporal.PlainDateTime.from(value);
    return { ok: true, instant: local.toZonedDateTime(timeZone, { disambiguation: 'compatible' }).toInstant() };
  } catch {
    return { ok: false, message: `"${value}" is not a date and time such as 2026-12-18T17:00` };
  }
}
