import { Temporal } from 'temporal-polyfill';
import { z } from 'zod';
import { minuteOfDay } from '../schedule/hours.js';

const zoneIds = new Map<string, string | null>();

/**
 * The canonical spelling of an IANA zone (`US/Eastern` is accepted as itself), or null when
 * unknown. Remembered per spelling: a million recipients name a handful of zones.
 */
export function timeZoneIdOf(text: string): string | null {
  let id = zoneIds.get(text);
  if (id === undefined) {
    try {
      id = Temporal.PlainDate.from('2000-01-01').toZonedDateTime(text).timeZoneId;
    } catch {
      id = null;
    }
    if (zoneIds.size < 10_000) zoneIds.set(text, id);
  }
  return id;
}

/** A check and an overwrite rather than a transform: see the phone field in schema.ts. */
export const timeZoneField = z
  .string()
  .check((ctx) => {
    if (timeZoneIdOf(ctx.value) === null) ctx.issues.push({ code: 'custom', message: `unknown IANA time zone "${ctx.value}"`, input: ctx.value });
  })
  .overwrite((text) => timeZoneIdOf(text) ?? text);

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
