import { LocalDays, type LocalDay } from './days.js';
import { epochDayOf, plainDateOf } from './epoch-day.js';

/** Sends counted toward the limit on one local date of the campaign's zone (`YYYY-MM-DD`). */
export interface DayCount {
  date: string;
  sends: number;
}

/**
 * The daily limit: at most `limit` sends of a campaign per local date of the campaign's zone, all
 * lists together (no limit: `null`). Only sends that may have reached someone count — the runtime
 * says which (`count`); a transient refusal takes no unit. The send-by-send planner and the
 * segment-walking projection both ask this one object, so the rule is written once.
 */
export class DailyLimit {
  private days: LocalDays;
  /** Sends counted per local date (epoch day of the campaign's zone). */
  private readonly sends = new Map<number, number>();

  constructor(
    timeZone: string,
    private limit: number | null
  ) {
    this.days = new LocalDays(timeZone);
  }

  /**
   * New settings. Sends already counted stay on the dates they were counted on: a new campaign
   * zone re-dates only what follows.
   */
  setRules(timeZone: string, limit: number | null): void {
    this.limit = limit;
    if (this.days.timeZone !== timeZone) this.days = new LocalDays(timeZone);
  }

  /** The campaign's local date containing `atMs`. */
  dayAt(atMs: number): LocalDay {
    return this.days.dayAt(atMs);
  }

  /** Sends still allowed on `day` (+∞ without a limit). */
  roomOn(day: LocalDay): number {
    if (this.limit === null) return Number.POSITIVE_INFINITY;
    return Math.max(0, this.limit - (this.sends.get(day.epochDay) ?? 0));
  }

  /**
   * When the date of `atMs` is full, the instant its next date starts (the rollover of a full day:
   * whoever is left waits for tomorrow's windows); null when a send may happen at `atMs`.
   */
  fullUntil(atMs: number): number | null {
    if (this.limit === null) return null;
    const day = this.days.dayAt(atMs);
    return this.roomOn(day) === 0 ? day.endMs : null;
  }

  /** Counts `sends` sends on the date of `atMs`. */
  count(atMs: number, sends = 1): void {
    const day = this.days.dayAt(atMs).epochDay;
    this.sends.set(day, (this.sends.get(day) ?? 0) + sends);
  }

  /** Counts sends already made on a local date (`YYYY-MM-DD`): a projection resuming a campaign under way. */
  countOn(date: string, sends: number): void {
    const day = epochDayOf(date);
    this.sends.set(day, (this.sends.get(day) ?? 0) + sends);
  }

  /** What was counted on each local date not over at `atMs` (the dates a later send can still fall on). */
  countedFrom(atMs: number): DayCount[] {
    const fromDay = this.days.dayAt(atMs).epochDay;
    return [...this.sends]
      .filter(([day, sends]) => day >= fromDay && sends > 0)
      .sort(([a], [b]) => a - b)
      .map(([day, sends]) => ({ date: plainDateOf(day).toString(), sends }));
  }

  /** Sends counted per local date, for reports (`days` of a projection). */
  sendsByDay(): ReadonlyMap<number, number> {
    return this.sends;
  }
}
