import { Temporal } from 'temporal-polyfill';
import { instantOfLocal } from '../format/time.js';

/** What the Add Recipients form says beside a start already past. */
export const pastStartNote = 'Starts now — the time given is past.';

export interface ListDates {
  startAfter: Temporal.Instant;
  /** The start given was already past, so the list starts now. */
  startsNow: boolean;
  endBefore: Temporal.Instant | null;
}

export type ListDatesResult = { ok: true; value: ListDates } | { ok: false; issues: { startAfter?: string; endBefore?: string } };

/**
 * The start and end of a new list as the form gives them (`datetime-local` values in the campaign's
 * zone), read the same way by the page, its projection and the server that saves it. A start
 * already past is now: lists are served in the order of their starts, so a list saved with an hour
 * ago as its start would jump ahead of lists that began since, and its projection would be drawn
 * from a minute that is gone.
 */
export function readListDates(start: string, end: string, timeZone: string, nowMs: number): ListDatesResult {
  const issues: { startAfter?: string; endBefore?: string } = {};
  const given = instantOfLocal(start, timeZone);
  if (given === null) issues.startAfter = start === '' ? 'Give the date and time to start sending.' : `“${start}” is not a date and time such as 2026-12-14T09:00.`;
  const startsNow = given !== null && given.epochMilliseconds < nowMs;
  const startAfter = startsNow ? Temporal.Instant.fromEpochMilliseconds(nowMs) : given;
  const endBefore = end.trim() === '' ? null : instantOfLocal(end.trim(), timeZone);
  if (end.trim() !== '' && endBefore === null) issues.endBefore = `“${end.trim()}” is not a date and time such as 2026-12-18T17:00.`;
  else if (startAfter !== null && endBefore !== null && endBefore.epochMilliseconds <= startAfter.epochMilliseconds) {
    issues.endBefore = startsNow ? 'The end is already past: it must come after now.' : 'The end must come after the start.';
  }
  if (startAfter === null || issues.startAfter !== undefined || issues.endBefore !== undefined) return { ok: false, issues };
  return { ok: true, value: { startAfter, startsNow, endBefore } };
}
