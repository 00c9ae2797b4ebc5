import { Temporal } from 'temporal-polyfill';

/**
 * Calendar dates as whole days since 1970-01-01, so that the scheduler can step through days and
 * find weekdays with integer arithmetic and keep Temporal for what depends on a zone.
 */
export const msPerDay = 86_400_000;
const epochDate = Temporal.PlainDate.from('1970-01-01');

export function plainDateOf(epochDay: number): Temporal.PlainDate {
  return epochDate.add({ days: epochDay });
}

/** The whole days from 1970-01-01 to `date` (`YYYY-MM-DD`). */
export function epochDayOf(date: string): number {
  return Temporal.PlainDate.from(date).since(epochDate).days;
}

/** 0 = Monday … 6 = Sunday (1970-01-01 was a Thursday). */
export function weekdayIndexOf(epochDay: number): number {
  return (((epochDay + 3) % 7) + 7) % 7;
}
