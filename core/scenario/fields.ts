import { Temporal } from 'temporal-polyfill';
import { z } from 'zod';
import { resolveTimeZone } from '../recipients/zones.js';
import { minuteOfDay } from '../schedule/hours.js';

/** The campaign's zone, by the product's one rule for zones (a fixed offset is refused). */
export const timeZoneField = z.string().transform((text, ctx) => {
  const zone = resolveTimeZone(text);
  if (zone.ok) return zone.timeZone;
  ctx.addIssue({ code: 'custom', message: zone.reason });
  return z.NEVER;
});

/** RFC 3339 with an offset or `Z`, in whole milliseconds (the scheduler's unit). */
export const instantField = z.string().transform((text, ctx) => {
  let instant: Temporal.Instant;
  try {
    instant = Temporal.Instant.from(text);
  } catch {
    ctx.addIssue({
      code: 'custom',
      message: `"${text}" is not an instant; write it as RFC 3339 with an offset, e.g. 2026-12-01T14:00:00Z`
    });
    return z.NEVER;
  }
  if (instant.epochNanoseconds % 1_000_000n !== 0n) {
    ctx.addIssue({ code: 'custom', message: `"${text}" has a fraction finer than a millisecond` });
    return z.NEVER;
  }
  return instant;
});

export const timeOfDayField = z.string().refine((text) => minuteOfDay(text) !== null, {
  error: (issue) => `"${String(issue.input)}" is not a time of day HH:MM (00:00 to 24:00)`
});

export const positiveInteger = (what: string) =>
  z
    .number({ error: `${what} must be a number` })
    .refine((n) => Number.isInteger(n) && n >= 1, { error: (issue) => `${what} must be a whole number of at least 1, got ${String(issue.input)}` });
