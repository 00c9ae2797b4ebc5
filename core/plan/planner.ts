import { compileHours, type DayWindow, type WeeklyHours } from '../schedule/hours.js';
import { DailyLimit } from '../schedule/daily-limit.js';
import { ZoneWindows } from '../schedule/windows.js';
import { listOutcome, type Completion, type ListStatus } from './list-status.js';
import { closeOf, DONE, headOf, markDone, newListState, queueRetry, WAITING, type ListState } from './list-state.js';
import type { SendingState } from './sending-state.js';
import { compareServingOrder } from './serving-order.js';
import { zoneRowsOf, type ZoneRows } from './zone-rows.js';

/** The campaign settings the scheduler needs, in its units. */
export interface CampaignRules {
  timeZone: string;
  hours: WeeklyHours;
  gapMs: number;
  dailyLimit: number | null;
}

export interface PlannedList {
  id: string;
  createdAtMs: number;
  startAfterMs: number;
  endBeforeMs: number | null;
  /** One per recipient row, in file order, already resolved to an IANA zone. */
  timeZones: readonly string[];
  /** The same rows grouped by zone, when the caller has them already (see zoneRowsOf). */
  zoneRows?: ZoneRows;
}

export interface NextSend {
  atMs: number;
  listId: string;
  row: number;
  /** When the recipient's open time ends (touching windows followed up to a day): a provider's expiry. */
  windowCloseMs: number;
}

export interface AttemptRecord {
  listId: string;
  row: number;
  atMs: number;
  /**
   * `done`: the recipient is no longer pending; `retry`: pending again from `retryAtMs`;
   * `in_flight`: claimed, its outcome not yet recorded (a send under way, or one a crash
   * interrupted, being reconciled): the recipient is held and a daily unit reserved until the row's
   * next record, which gives the unit back unless that record counts it.
   */
  result: 'done' | 'retry' | 'in_flight';
  /** Ignored for `in_flight`, which always reserves a unit. */
  countsTowardDailyLimit: boolean;
  retryAtMs?: number;
}

export interface ListProgress {
  status: ListStatus;
  completion: Completion | null;
  endedAtMs: number | null;
  pending: number;
  total: number;
}

/**
 * The sending rules of DESIGN.md, send by send: which recipient goes next and when. It holds the
 * state those rules depend on (who is pending, the last attempt, sends per local date) and
 * changes only when told what happened, so the runtime, `plan` and the simulator all ask the
 * same questions of the same code.
 */
export interface SendPlanner {
  addList(list: PlannedList): void;
  /** Nothing is sent for the list at or after `atMs`; the first stop of a list is the one that counts. */
  stopList(listId: string, atMs: number): void;
  setRules(rules: CampaignRules): void;
  /** The earliest send at or after max(`fromMs`, last attempt + gap); null when none can ever happen. */
  next(fromMs: number): NextSend | null;
  /** Every attempt occupies the throttle; only those that count take a unit of the daily limit. */
  record(attempt: AttemptRecord): void;
  /**
   * The recipient is no longer pending, without an attempt (opted out, or already handled), as of
   * `atMs`; without it, as of the list's latest known change (restoring from a log).
   */
  settle(listId: string, row: number, atMs?: number): void;
  isPending(listId: string, row: number): boolean;
  listProgress(listId: string, asOfMs: number): ListProgress;
  /** The throttle and daily-limit state a projection from `asOfMs` resumes from (see `resumeFrom`). */
  sendingState(asOfMs: number): SendingState;
}

export function createSendPlanner(rules: CampaignRules): SendPlanner {
  return new Planner(rules);
}

/** How far `windowCloseMs` follows touching windows: Twilio's longest validity is 10 h anyway. */
const openHorizonMs = 86_400_000;
/** A bound on daily-limit skips in one `next`: a century of full days means something is wrong. */
const maxDaySkips = 36_600;

class Planner implements SendPlanner {
  private rules!: CampaignRules;
  private week!: DayWindow[][];
  private daily!: DailyLimit;
  private readonly windowsByZone = new Map<string, ZoneWindows>();
  private readonly lists: ListState[] = [];
  private readonly byId = new Map<string, ListState>();
  private lastAttemptMs = Number.NEGATIVE_INFINITY;
  /** Rows recorded `in_flight`, with the instant whose date holds their reserved daily unit. */
  private readonly reservedUnits = new Map<string, number>();

  constructor(rules: CampaignRules) {
    this.setRules(rules);
  }

  setRules(rules: CampaignRules): void {
    this.rules = rules;
    this.week = compileHours(rules.hours);
    if (this.daily === undefined) this.daily = new DailyLimit(rules.timeZone, rules.dailyLimit);
    else this.daily.setRules(rules.timeZone, rules.dailyLimit);
    this.windowsByZone.clear();
    for (const list of this.lists) {
      for (const group of list.groups) group.windows = this.windowsFor(group.windows.timeZone);
      for (const retry of list.retries.values()) retry.windows = this.windowsFor(retry.windows.timeZone);
    }
  }

  addList(list: PlannedList): void {
    if (this.byId.has(list.id)) throw new Error(`list ${list.id} is already planned`);
    const { zones, rows } = list.zoneRows ?? zoneRowsOf(list.timeZones, (zone) => zone);
    const state = newListState(list, zones.map((zone, i) => ({ windows: this.windowsFor(zone), rows: rows[i] as Int32Array, cursor: 0 })));
    this.byId.set(list.id, state);
    this.lists.push(state);
    this.lists.sort((a, b) => compareServingOrder(a.list, b.list));
  }

  stopList(listId: string, atMs: number): void {
    const list = this.listState(listId);
    if (list.stopAtMs === null || atMs < list.stopAtMs) list.stopAtMs = atMs;
  }

  next(fromMs: number): NextSend | null {
    let fromAtMs = Math.max(fromMs, this.lastAttemptMs + this.rules.gapMs);
    for (let skips = 0; skips <= maxDaySkips; skips += 1) {
      const atMs = this.earliestEligible(fromAtMs);
      if (atMs === null) return null;
      const fullUntilMs = this.daily.fullUntil(atMs);
      if (fullUntilMs !== null) {
        fromAtMs = fullUntilMs;
        continue;
      }
      return this.firstEligibleAt(atMs);
    }
    throw new Error(`no day with room under the daily limit within ${maxDaySkips} days`);
  }

  record(attempt: AttemptRecord): void {
    const list = this.listState(attempt.listId);
    this.lastAttemptMs = Math.max(this.lastAttemptMs, attempt.atMs);
    // Counted as if sent while its outcome is unknown, so that sends made meanwhile can never take
    // the day past its limit; given back if the outcome takes no unit. (Almost always none are
    // reserved: the simulator's million records skip the lookup.)
    if (this.reservedUnits.size > 0 || attempt.result === 'in_flight') {
      const reserved = `${attempt.listId}\u0000${attempt.row}`;
      const reservedAtMs = this.reservedUnits.get(reserved);
      if (reservedAtMs !== undefined) {
        this.reservedUnits.delete(reserved);
        this.daily.count(reservedAtMs, -1);
      }
      if (attempt.result === 'in_flight') this.reservedUnits.set(reserved, attempt.atMs);
    }
    if (attempt.result === 'in_flight' || attempt.countsTowardDailyLimit) this.daily.count(attempt.atMs);
    list.lastChangeMs = Math.max(list.lastChangeMs ?? attempt.atMs, attempt.atMs);
    // An attempt for a recipient already done (a log replayed twice) takes its slot, nothing more.
    if (list.state[attempt.row] === DONE) return;
    if (attempt.result !== 'done') {
      list.state[attempt.row] = WAITING;
      // Held until its outcome (a retry queued for never), which also makes any earlier retry stale.
      const notBeforeMs = attempt.result === 'in_flight' ? Number.POSITIVE_INFINITY : (attempt.retryAtMs ?? attempt.atMs);
      queueRetry(list, attempt.row, notBeforeMs, (zone) => this.windowsFor(zone));
      return;
    }
    markDone(list, attempt.row, attempt.atMs);
  }

  settle(listId: string, row: number, atMs?: number): void {
    // A queued retry goes stale by itself once the row is done.
    markDone(this.listState(listId), row, atMs ?? null);
  }

  isPending(listId: string, row: number): boolean {
    return this.listState(listId).state[row] !== DONE;
  }

  listProgress(listId: string, asOfMs: number): ListProgress {
    const { list, pending, stopAtMs, drainedAtMs } = this.listState(listId);
    const outcome = listOutcome(
      { startAfterMs: list.startAfterMs, endBeforeMs: list.endBeforeMs, stopAtMs, drainedAtMs },
      asOfMs
    );
    return { ...outcome, pending, total: list.timeZones.length };
  }

  sendingState(asOfMs: number): SendingState {
    return {
      asOfMs,
      lastAttemptMs: this.lastAttemptMs === Number.NEGATIVE_INFINITY ? null : this.lastAttemptMs,
      counted: this.daily.countedFrom(asOfMs)
    };
  }

  /** The earliest instant ≥ `fromMs` at which some pending recipient of an open list is in its window. */
  private earliestEligible(fromMs: number): number | null {
    let best = Number.POSITIVE_INFINITY;
    for (const list of this.lists) {
      if (list.pending === 0) continue;
      const closeMs = closeOf(list);
      const lowMs = Math.max(fromMs, list.list.startAfterMs);
      if (lowMs >= closeMs || lowMs >= best) continue;
      for (const group of list.groups) {
        if (headOf(group, list.state) === null) continue;
        const atMs = group.windows.eligibleFrom(lowMs);
        if (atMs < closeMs && atMs < best) best = atMs;
      }
      for (const retry of list.retries.values()) {
        const retryLowMs = retry.queue.earliestFrom(lowMs);
        // Also skips a retry held without an instant (+∞: a send still in flight).
        if (retryLowMs === null || retryLowMs >= closeMs || retryLowMs >= best) continue;
        const atMs = retry.windows.eligibleFrom(retryLowMs);
        if (atMs < closeMs && atMs < best) best = atMs;
      }
    }
    return best === Number.POSITIVE_INFINITY ? null : best;
  }

  /** The first eligible recipient at `atMs`, in list order then file order; some is, by construction. */
  private firstEligibleAt(atMs: number): NextSend {
    for (const list of this.lists) {
      if (list.pending === 0 || atMs < list.list.startAfterMs || atMs >= closeOf(list)) continue;
      let bestRow = Number.POSITIVE_INFINITY;
      let bestWindows: ZoneWindows | null = null;
      for (const group of list.groups) {
        const row = headOf(group, list.state);
        if (row !== null && row < bestRow && group.windows.contains(atMs)) {
          bestRow = row;
          bestWindows = group.windows;
        }
      }
      for (const retry of list.retries.values()) {
        if (!retry.windows.contains(atMs)) continue;
        const row = retry.queue.firstDueAt(atMs);
        if (row !== null && row < bestRow) {
          bestRow = row;
          bestWindows = retry.windows;
        }
      }
      if (bestWindows !== null) {
        return { atMs, listId: list.list.id, row: bestRow, windowCloseMs: bestWindows.openUntil(atMs, openHorizonMs) };
      }
    }
    throw new Error(`no recipient is eligible at ${atMs}, yet one was found to be`);
  }

  private listState(listId: string): ListState {
    const list = this.byId.get(listId);
    if (list === undefined) throw new Error(`unknown list ${listId}`);
    return list;
  }

  private windowsFor(zone: string): ZoneWindows {
    let windows = this.windowsByZone.get(zone);
    if (windows === undefined) {
      windows = new ZoneWindows(zone, this.week);
      this.windowsByZone.set(zone, windows);
    }
    return windows;
  }
}
