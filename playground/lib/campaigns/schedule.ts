import { weekdays, type Weekday, type WeeklyHours } from '../../../core/schedule/hours.js';

/** One weekday as the form edits it: Closed, or open in one or more windows. */
export interface DayDraft {
  closed: boolean;
  windows: { open: string; close: string }[];
}
export type ScheduleDraft = Record<Weekday, DayDraft>;

export const dayNames: Record<Weekday, string> = {
  mon: 'Monday',
  tue: 'Tuesday',
  wed: 'Wednesday',
  thu: 'Thursday',
  fri: 'Friday',
  sat: 'Saturday',
  sun: 'Sunday'
};

/** A new campaign's hours: weekdays 9 to 5, weekends closed. */
export function defaultSchedule(): ScheduleDraft {
  return draftOf({ mon: [['09:00', '17:00']], tue: [['09:00', '17:00']], wed: [['09:00', '17:00']], thu: [['09:00', '17:00']], fri: [['09:00', '17:00']], sat: [], sun: [] });
}

export function draftOf(hours: WeeklyHours): ScheduleDraft {
  return Object.fromEntries(
    weekdays.map((day) => {
      const windows = hours[day].map(([open, close]) => ({ open, close: close === '24:00' ? '00:00' : close }));
      return [day, { closed: windows.length === 0, windows: windows.length === 0 ? [{ open: '09:00', close: '17:00' }] : windows }];
    })
  ) as ScheduleDraft;
}

/**
 * The hours as core reads them. A time input cannot show 24:00, so a window closing at 00:00
 * closes at midnight at the end of its day.
 */
export function hoursOf(draft: ScheduleDraft): Record<Weekday, [string, string][]> {
  return Object.fromEntries(
    weekdays.map((day) => [day, draft[day].closed ? [] : draft[day].windows.map(({ open, close }) => [open, close === '00:00' ? '24:00' : close])])
  ) as Record<Weekday, [string, string][]>;
}

/** US TCPA quiet hours: no marketing texts before 08:00 or after 21:00 in the recipient's own time. */
export const quietBefore = '08:00';
export const quietAfter = '21:00';

/**
 * The days whose windows text someone in quiet hours. Windows apply in each recipient's own zone,
 * so a window outside 08:00–21:00 does so in every zone a list can hold.
 */
export function quietHourDays(hours: Readonly<Record<Weekday, readonly (readonly [string, string])[]>>): Weekday[] {
  return weekdays.filter((day) => hours[day].some(([open, close]) => open < quietBefore || close > quietAfter));
}
