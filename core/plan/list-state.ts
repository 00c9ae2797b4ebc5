import type { ZoneWindows } from '../schedule/windows.js';
import type { PlannedList } from './planner.js';
import { RetryQueue } from './retry-queue.js';

/** Row states: 0 pending, 1 no longer pending, 2 waiting for a retry. */
export const PENDING = 0;
export const DONE = 1;
export const WAITING = 2;

/** One zone's recipients of a list, in file order. */
export interface Group {
  windows: ZoneWindows;
  /** Rows of this zone in file order; rows before `cursor` are not pending (or wait in `retries`). */
  rows: Int32Array;
  cursor: number;
}

export interface RetryGroup {
  windows: ZoneWindows;
  queue: RetryQueue;
}

/** What the planner knows of one list: who is pending, who waits for a retry, when it ends. */
export interface ListState {
  list: PlannedList;
  groups: Group[];
  state: Uint8Array;
  /** Recipients waiting for a retry, by zone. */
  retries: Map<string, RetryGroup>;
  /** Per row, how many times it was queued for a retry: tells a queue's stale entries. */
  retryVersions: Uint32Array | null;
  pending: number;
  stopAtMs: number | null;
  drainedAtMs: number | null;
  /** The latest instant something happened to one of its recipients. */
  lastChangeMs: number | null;
}

export function newListState(list: PlannedList, groups: Group[]): ListState {
  return {
    list,
    groups,
    state: new Uint8Array(list.timeZones.length),
    retries: new Map(),
    retryVersions: null,
    pending: list.timeZones.length,
    stopAtMs: null,
    drainedAtMs: list.timeZones.length === 0 ? list.startAfterMs : null,
    lastChangeMs: null
  };
}

/** The first row of the group still pending, moving the cursor past rows that are not. */
export function headOf(group: Group, state: Uint8Array): number | null {
  const rows = group.rows;
  while (group.cursor < rows.length && state[rows[group.cursor] as number] !== PENDING) group.cursor += 1;
  return group.cursor < rows.length ? (rows[group.cursor] as number) : null;
}

/** The row waits for a retry from `notBeforeMs`, in its zone's retry queue. */
export function queueRetry(list: ListState, row: number, notBeforeMs: number, windowsFor: (zone: string) => ZoneWindows): void {
  const versions = (list.retryVersions ??= new Uint32Array(list.state.length));
  versions[row] = (versions[row] as number) + 1;
  const zone = list.list.timeZones[row] as string;
  let group = list.retries.get(zone);
  if (group === undefined) {
    const state = list.state;
    const queue = new RetryQueue((r, version) => state[r] === WAITING && versions[r] === version);
    list.retries.set(zone, (group = { windows: windowsFor(zone), queue }));
  }
  group.queue.push(row, notBeforeMs, versions[row] as number);
}

/** The row is no longer pending (as of `atMs`, if known); a queued retry goes stale by itself. */
export function markDone(list: ListState, row: number, atMs: number | null): void {
  if (atMs !== null) list.lastChangeMs = Math.max(list.lastChangeMs ?? atMs, atMs);
  if (list.state[row] === DONE) return;
  list.state[row] = DONE;
  list.pending -= 1;
  if (list.pending === 0) list.drainedAtMs = atMs ?? list.lastChangeMs ?? list.list.startAfterMs;
}

/** The list stops taking sends here: its end or its stop, whichever comes first. */
export function closeOf(list: ListState): number {
  return Math.min(list.list.endBeforeMs ?? Number.POSITIVE_INFINITY, list.stopAtMs ?? Number.POSITIVE_INFINITY);
}
