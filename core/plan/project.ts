import type { Scenario } from '../scenario/scenario.js';
import { compileHours } from '../schedule/hours.js';
import { DailyLimit } from '../schedule/daily-limit.js';
import { ZoneWindows } from '../schedule/windows.js';
import { scheduleInputOf, type ScheduleInput } from './schedule-input.js';
import type { PlannedSend } from './plan.js';
import type { PlannedList } from './planner.js';
import { resumeFrom, type SendingState } from './sending-state.js';
import { compareServingOrder } from './serving-order.js';
import { assembleProjection, type ListTally, type Projection } from './projection.js';
import { zoneRowsOf, type ZoneRows } from './zone-rows.js';

export interface ProjectOptions {
  /** Also list every send (costs one entry per send; without it the cost does not grow send by send). */
  sends?: boolean;
  /**
   * Told of each run of evenly spaced sends of one list, in time order: a chart of a list's
   * progress costs one call per run (a few per window), not one per send.
   */
  onRun?: (run: SendRun) => void;
  /**
   * The campaign is already sending: project from this state (its lists should then hold only the
   * recipients still pending). Its counted sends show in `days` beside the projected ones.
   */
  sending?: SendingState | null;
}

/** `count` sends of list `list` at `firstSendMs`, `firstSendMs + gapMs`, …, all on local date `date`. */
export interface SendRun {
  list: string;
  firstSendMs: number;
  count: number;
  gapMs: number;
  /** Local date of the campaign's zone, as whole days since 1970-01-01 (the `days` of the projection). */
  epochDay: number;
}

/**
 * Without `until`, a projection stops this long after the last list starts (a throttle of one a
 * day for a million people): what is still pending then is reported as in progress.
 */
const horizonMs = 100 * 366 * 86_400_000;

/**
 * The whole campaign with an ideal provider, as `project --json` prints it. Equal to running
 * `plan` send by send, but it walks the timeline in segments where nothing changes (the same
 * lists open, the same zones inside their windows, the same local date) and counts the sends
 * of a segment at once, so a million recipients cost about as much as a thousand.
 */
export function project(scenario: Scenario, options: ProjectOptions = {}): Projection {
  return projectInput({ ...scheduleInputOf(scenario), sending: options.sending ?? null }, options);
}

interface Group {
  windows: ZoneWindows;
  /** Rows of one zone in file order; those from `cursor` on are pending. */
  rows: Int32Array;
  cursor: number;
}

interface ListRun {
  list: PlannedList;
  /** The list stops taking sends here: its end or its stop, whichever comes first. */
  closeMs: number;
  groups: Group[];
  pending: number;
  tally: ListTally;
}

export function projectInput(input: ScheduleInput, options: ProjectOptions = {}): Projection {
  const { rules } = input;
  const week = compileHours(rules.hours);
  const daily = new DailyLimit(rules.timeZone, rules.dailyLimit);
  const windowsByZone = new Map<string, ZoneWindows>();
  const windowsFor = (zone: string) => {
    let windows = windowsByZone.get(zone);
    if (windows === undefined) windowsByZone.set(zone, (windows = new ZoneWindows(zone, week)));
    return windows;
  };
  const runs = input.lists
    .map((list): ListRun => ({
      list,
      closeMs: Math.min(list.endBeforeMs ?? Number.POSITIVE_INFINITY, input.stops.get(list.id) ?? Number.POSITIVE_INFINITY),
      groups: groupsOf(list.zoneRows ?? zoneRowsOf(list.timeZones, (zone) => zone), windowsFor),
      pending: list.timeZones.length,
      tally: { sent: 0, firstSendMs: null, lastSendMs: null }
    }))
    .sort((a, b) => compareServingOrder(a.list, b.list));
  const sends: PlannedSend[] | null = options.sends === true ? [] : null;
  // A reduce, not Math.max(...): a spread of many thousand lists would overflow the stack.
  const lastStartMs = runs.reduce((latest, run) => Math.max(latest, run.list.startAfterMs), Number.NEGATIVE_INFINITY);
  const firstStartMs = runs.reduce((earliest, run) => Math.min(earliest, run.list.startAfterMs), Number.POSITIVE_INFINITY);
  const untilMs = input.untilMs ?? lastStartMs + horizonMs;
  const gapMs = rules.gapMs;

  const resumed = resumeFrom(input.sending ?? null, daily, gapMs);
  let atMs = Math.max(firstStartMs, resumed.fromMs);
  let nextAllowedMs = resumed.nextAllowedMs;
  const open: { run: ListRun; groups: Group[]; pending: number }[] = [];

  while (runs.length > 0) {
    atMs = Math.max(atMs, nextAllowedMs);
    if (atMs >= untilMs) break;
    const day = daily.dayAt(atMs);
    let boundaryMs = Math.min(untilMs, day.endMs);
    let waiting = false;
    let openPending = 0;
    open.length = 0;
    for (const run of runs) {
      if (run.pending === 0 || atMs >= run.closeMs) continue;
      waiting = true;
      if (atMs < run.list.startAfterMs) {
        boundaryMs = Math.min(boundaryMs, run.list.startAfterMs);
        continue;
      }
      boundaryMs = Math.min(boundaryMs, run.closeMs);
      const groups: Group[] = [];
      let pending = 0;
      for (const group of run.groups) {
        if (group.cursor === group.rows.length) continue;
        const window = group.windows.windowFrom(atMs);
        // A zone outside its window now waits for the next one to open: the rollover.
        if (window.openMs <= atMs) {
          groups.push(group);
          pending += group.rows.length - group.cursor;
          boundaryMs = Math.min(boundaryMs, window.closeMs);
        } else {
          boundaryMs = Math.min(boundaryMs, window.openMs);
        }
      }
      if (pending > 0) {
        open.push({ run, groups, pending });
        openPending += pending;
      }
    }
    if (!waiting) break;
    const room = daily.roomOn(day);
    if (openPending > 0 && room > 0) {
      // Sends fall at atMs, atMs + gap, … while before the boundary, the day's room and the recipients last.
      const capacity = Math.floor((boundaryMs - 1 - atMs) / gapMs) + 1;
      const count = Math.min(capacity, openPending, room);
      let sendMs = atMs;
      let left = count;
      for (const { run, groups, pending } of open) {
        if (left === 0) break;
        const taken = Math.min(left, pending);
        take(run, groups, taken, sendMs, gapMs, sends);
        options.onRun?.({ list: run.list.id, firstSendMs: sendMs, count: taken, gapMs, epochDay: day.epochDay });
        sendMs += taken * gapMs;
        left -= taken;
      }
      daily.count(atMs, count);
      nextAllowedMs = atMs + count * gapMs;
    }
    atMs = boundaryMs;
  }

  const tallies = new Map(runs.map((run) => [run.list.id, run.tally]));
  const finished = runs.every((run) => run.pending === 0 || run.closeMs <= untilMs);
  return assembleProjection(input, tallies, daily.sendsByDay(), sends, input.untilMs ?? (finished ? Number.POSITIVE_INFINITY : untilMs));
}

/** The list's first `count` pending recipients among `groups`, in file order, get sends from `startMs` on. */
function take(run: ListRun, groups: Group[], count: number, startMs: number, gapMs: number, sends: PlannedSend[] | null): void {
  const lastRow = countThrough(groups, count);
  const before = sends === null ? null : groups.map((group) => group.cursor);
  for (const group of groups) group.cursor = upperBound(group.rows, lastRow, group.cursor, Math.min(group.rows.length, group.cursor + count));
  run.pending -= count;
  const tally = run.tally;
  tally.sent += count;
  tally.firstSendMs ??= startMs;
  tally.lastSendMs = startMs + (count - 1) * gapMs;
  if (sends !== null && before !== null) {
    // Merge the groups' taken rows back into file order, which is the order they were sent in.
    const cursors = before.slice();
    for (let i = 0; i < count; i += 1) {
      let pick = -1;
      let pickRow = Number.POSITIVE_INFINITY;
      groups.forEach((group, g) => {
        const at = cursors[g] as number;
        if (at < group.cursor && (group.rows[at] as number) < pickRow) {
          pick = g;
          pickRow = group.rows[at] as number;
        }
      });
      cursors[pick] = (cursors[pick] as number) + 1;
      sends.push({ atMs: startMs + i * gapMs, list: run.list.id, row: pickRow });
    }
  }
}

/**
 * The row of the `count`-th pending recipient among the groups in file order: the smallest row
 * r with `count` pending rows ≤ r. Rows are distinct across a list's groups, so it is exact.
 * No group can hold more than `count` of them, which bounds both searches by `count`, not by
 * the size of the list.
 */
function countThrough(groups: Group[], count: number): number {
  let lo = Number.POSITIVE_INFINITY;
  let hi = 0;
  for (const group of groups) {
    const end = Math.min(group.rows.length, group.cursor + count);
    if (group.cursor < end) {
      lo = Math.min(lo, group.rows[group.cursor] as number);
      hi = Math.max(hi, group.rows[end - 1] as number);
    }
  }
  while (lo < hi) {
    const mid = Math.floor((lo + hi) / 2);
    let through = 0;
    for (const group of groups) through += upperBound(group.rows, mid, group.cursor, Math.min(group.rows.length, group.cursor + count)) - group.cursor;
    if (through >= count) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** Index of the first element in [from, to) greater than `value`, in a sorted array (`to` if none). */
function upperBound(rows: Int32Array, value: number, from: number, to: number): number {
  let lo = from;
  let hi = to;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((rows[mid] as number) <= value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function groupsOf({ zones, rows }: ZoneRows, windowsFor: (zone: string) => ZoneWindows): Group[] {
  return zones.map((zone, i) => ({ windows: windowsFor(zone), rows: rows[i] as Int32Array, cursor: 0 }));
}
