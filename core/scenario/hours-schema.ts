import { z } from 'zod';
import { minuteOfDay, weekdays, type WindowText } from '../schedule/hours.js';
import { timeOfDayField } from './fields.js';

const windowSchema = z.tuple([timeOfDayField, timeOfDayField]).superRefine(([open, close], ctx) => {
  if (open === '24:00') ctx.addIssue({ code: 'custom', message: 'a window cannot open at 24:00' });
  else if ((minuteOfDay(close) ?? 0) <= (minuteOfDay(open) ?? 0))
    ctx.addIssue({ code: 'custom', message: `close ${close} must be after open ${open}` });
});

const dayScheduleSchema = z.array(windowSchema).superRefine((windows, ctx) => {
  const sorted = windows
    .map((w, index) => ({ index, open: minuteOfDay(w[0]) ?? 0, close: minuteOfDay(w[1]) ?? 0, text: w }))
    .sort((a, b) => a.open - b.open);
  for (let i = 1; i < sorted.length; i += 1) {
    const previous = sorted[i - 1]!;
    const current = sorted[i]!;
    if (current.open < previous.close)
      ctx.addIssue({
        code: 'custom',
        path: [current.index],
        message: `window ${current.text[0]}–${current.text[1]} overlaps ${previous.text[0]}–${previous.text[1]}`
      });
  }
});

/** Sending hours per weekday; an empty day is closed, and the week needs at least one window. */
export const hoursSchema = z
  .strictObject(
    Object.fromEntries(weekdays.map((day) => [day, dayScheduleSchema.default([])])) as Record<
      (typeof weekdays)[number],
      z.ZodDefault<typeof dayScheduleSchema>
    >
  )
  .superRefine((hours, ctx) => {
    if (weekdays.every((day) => hours[day].length === 0))
      ctx.addIssue({ code: 'custom', message: 'no open window in the whole week; give at least one day hours' });
  })
  .transform((hours) => hours as Record<(typeof weekdays)[number], WindowText[]>);
