import { weekdays, type WeeklyHours } from '../../../core/schedule/hours.js';

const dayNames = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

/** "Mon–Fri 09:00–12:00 and 13:00–17:00; Sat 10:00–14:00; Sun closed": the week, neighbouring days with the same windows together. */
export function hoursText(hours: WeeklyHours): string {
  const windowsOf = (index: number) => {
    const windows = hours[weekdays[index]!];
    return windows.length === 0 ? 'closed' : windows.map(([open, close]) => `${open}–${close}`).join(' and ');
  };
  const parts: string[] = [];
  for (let first = 0; first < weekdays.length; ) {
    let last = first;
    while (last + 1 < weekdays.length && windowsOf(last + 1) === windowsOf(first)) last += 1;
    const days = first === last ? dayNames[first] : `${dayNames[first]}–${dayNames[last]}`;
    parts.push(`${days} ${windowsOf(first)}`);
    first = last + 1;
  }
  return parts.join('; ');
}
