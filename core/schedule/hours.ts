/** Weekdays in ISO order: index 0 is Monday, as Temporal's `dayOfWeek - 1`. */
export const weekdays = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof weekdays)[number];

/** `["09:00", "17:00"]`: open inclusive, close exclusive, `"24:00"` allowed as a close. */
export type WindowText = readonly [open: string, close: string];
export type WeeklyHours = Readonly<Record<Weekday, readonly WindowText[]>>;

/** A window as minutes after local midnight; `closeMinute` may be 1440 (24:00). */
export interface DayWindow {
  openMinute: number;
  closeMinute: number;
}

/** Minutes after midnight of `HH:MM`, or null when it is not a time of day (24:00 is allowed). */
export function minuteOfDay(text: string): number | null {
  const match = /^([01]\d|2[0-4]):([0-5]\d)$/.exec(text);
  if (match === null) return null;
  const minute = Number(match[1]) * 60 + Number(match[2]);
  return minute > 1440 ? null : minute;
}

/** The week's windows by weekday index (0 = Monday), each day's sorted by opening. Input is validated. */
export function compileHours(hours: WeeklyHours): DayWindow[][] {
  return weekdays.map((day) =>
    hours[day]
      .map(([open, close]) => ({ openMinute: minuteOfDay(open) ?? 0, closeMinute: minuteOfDay(close) ?? 0 }))
      .sort((a, b) => a.openMinute - b.openMinute)
  );
}
