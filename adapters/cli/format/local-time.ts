import { Temporal } from 'temporal-polyfill';

/** `Tue 2026-12-01 09:00` in the given zone: what an administrator reads, beside the UTC instant. */
export function localTimeText(instant: string, timeZone: string): string {
  const zoned = Temporal.Instant.from(instant).toZonedDateTimeISO(timeZone);
  const weekday = zoned.toLocaleString('en-US', { weekday: 'short' });
  const time = zoned.toPlainTime().toString({ smallestUnit: 'minute' });
  return `${weekday} ${zoned.toPlainDate().toString()} ${time}`;
}
