import { Temporal } from 'temporal-polyfill';
import type { DayCount } from '../schedule/daily-limit.js';
import { plainDateOf } from '../schedule/epoch-day.js';
import type { ScheduleInput } from './schedule-input.js';
import { listOutcome, type Completion, type ListStatus } from './list-status.js';
import type { PlannedSend } from './plan.js';

/** One list in a projection (the JSON of `project --json`); instants are UTC `…Z` strings. */
export interface ProjectedList {
  id: string;
  status: ListStatus;
  completion: Completion | null;
  total: number;
  sent: number;
  /** Recipients the list will never text: counted once it is completed or stopped, else 0. */
  unreached: number;
  firstSendAt: string | null;
  lastSendAt: string | null;
  /** When it completed or was stopped; null while scheduled or in progress. */
  completedAt: string | null;
}

/** Sends on one local date of the campaign's zone, `YYYY-MM-DD`. */
export type ProjectedDay = DayCount;

export interface ProjectedSend {
  at: string;
  list: string;
  row: number;
}

export interface Projection {
  lists: ProjectedList[];
  days: ProjectedDay[];
  sends?: ProjectedSend[];
}

/** What a projection counted for one list. */
export interface ListTally {
  sent: number;
  firstSendMs: number | null;
  lastSendMs: number | null;
}

export function instantText(epochMs: number): string {
  return Temporal.Instant.fromEpochMilliseconds(epochMs).toString();
}

/** Builds the projection's JSON from what was counted; the fast path and the reference share it. */
export function assembleProjection(
  input: ScheduleInput,
  tallies: ReadonlyMap<string, ListTally>,
  sendsByDay: ReadonlyMap<number, number>,
  sends: readonly PlannedSend[] | null,
  /** The projection's end: `until`, else +∞ once nothing more can happen. */
  asOfMs: number
): Projection {
  const lists = input.lists.map((list): ProjectedList => {
    const tally = tallies.get(list.id) ?? { sent: 0, firstSendMs: null, lastSendMs: null };
    const total = list.timeZones.length;
    const drainedAtMs = tally.sent < total ? null : (tally.lastSendMs ?? list.startAfterMs);
    const outcome = listOutcome(
      { startAfterMs: list.startAfterMs, endBeforeMs: list.endBeforeMs, stopAtMs: input.stops.get(list.id) ?? null, drainedAtMs },
      asOfMs
    );
    return {
      id: list.id,
      status: outcome.status,
      completion: outcome.completion,
      total,
      sent: tally.sent,
      unreached: outcome.completion === 'end_reached' || outcome.completion === 'stopped' ? total - tally.sent : 0,
      firstSendAt: tally.firstSendMs === null ? null : instantText(tally.firstSendMs),
      lastSendAt: tally.lastSendMs === null ? null : instantText(tally.lastSendMs),
      completedAt: outcome.endedAtMs === null ? null : instantText(outcome.endedAtMs)
    };
  });
  const days = [...sendsByDay]
    .filter(([, count]) => count > 0)
    .sort(([a], [b]) => a - b)
    .map(([epochDay, count]) => ({ date: plainDateOf(epochDay).toString(), sends: count }));
  const projection: Projection = { lists, days };
  if (sends !== null) projection.sends = sends.map((send) => ({ at: instantText(send.atMs), list: send.list, row: send.row }));
  return projection;
}
