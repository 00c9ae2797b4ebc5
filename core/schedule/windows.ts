import type { DayWindow } from './hours.js';
import { msPerDay, weekdayIndexOf } from './epoch-day.js';
import { WallClock } from './wall-clock.js';

/** A sending window as instants: open inclusive, close exclusive, epoch ms. */
export interface Interval {
  openMs: number;
  closeMs: number;
}

/** Days of windows generated at a time; a chunk of five zones costs well under a millisecond. */
const chunkDays = 32;

/**
 * The campaign's weekly hours laid out as instants in one time zone, generated lazily day by
 * day. Each local date's windows become instants with disambiguation `compatible`; a window
 * that a DST jump turns empty or backwards is dropped, and windows that a jump makes overlap
 * are merged, because an instant is eligible when it lies in any of the day's windows.
 * Windows that merely touch (a 24:00 close and a 00:00 open) stay separate.
 */
export class ZoneWindows {
  private readonly wall: WallClock;
  private opens: number[] = [];
  private closes: number[] = [];
  /** First and one-past-last local epoch day generated. */
  private firstDay = 0;
  private endDay = 0;
  /** Instants below this are fully described by the generated windows. */
  private settledBeforeMs = Number.NEGATIVE_INFINITY;
  private cursor = 0;

  constructor(
    readonly timeZone: string,
    private readonly week: readonly (readonly DayWindow[])[]
  ) {
    this.wall = new WallClock(timeZone);
  }

  /**
   * The window containing `atMs`, else the first one opening after it. Never null: the weekly
   * hours have at least one window, so one always comes.
   */
  windowFrom(atMs: number): Interval {
    this.cover(atMs);
    let i = this.indexFrom(atMs);
    // The window found must be complete: a later day's window could still merge into it.
    while (i === this.closes.length || (this.closes[i] as number) >= this.settledBeforeMs) {
      this.generate(chunkDays);
      i = this.indexFrom(atMs);
    }
    return { openMs: this.opens[i] as number, closeMs: this.closes[i] as number };
  }

  /**
   * The rollover: a recipient not reached in one window is simply eligible again when the next
   * window of their zone opens. The instant, at or after `atMs`, from which a recipient of this
   * zone may be texted: `atMs` itself inside a window, else the next opening.
   */
  eligibleFrom(atMs: number): number {
    return Math.max(atMs, this.windowFrom(atMs).openMs);
  }

  /** Whether `atMs` is inside a window. */
  contains(atMs: number): boolean {
    return this.windowFrom(atMs).openMs <= atMs;
  }

  /**
   * The end of the open time that contains `atMs`, following windows that touch (so that a
   * 24-hour campaign does not appear to close at midnight), looking at most `horizonMs` ahead.
   */
  openUntil(atMs: number, horizonMs: number): number {
    let window = this.windowFrom(atMs);
    if (window.openMs > atMs) return atMs;
    while (window.closeMs < atMs + horizonMs) {
      const next = this.windowFrom(window.closeMs);
      if (next.openMs !== window.closeMs) break;
      window = next;
    }
    return window.closeMs;
  }

  /** Index of the first window closing after `atMs`; windows are sorted and disjoint. */
  private indexFrom(atMs: number): number {
    const closes = this.closes;
    // Queries mostly move forward by a little, so try the last answer before bisecting.
    let i = this.cursor;
    if (i < closes.length && (closes[i] as number) > atMs && (i === 0 || (closes[i - 1] as number) <= atMs)) return i;
    let lo = 0;
    let hi = closes.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((closes[mid] as number) > atMs) hi = mid;
      else lo = mid + 1;
    }
    i = lo;
    this.cursor = i;
    return i;
  }

  /** Makes sure the generated days start early enough for `atMs`, starting again if asked about the past. */
  private cover(atMs: number): void {
    // The local date of an instant is within a day and a bit of its UTC date.
    const dayOfAt = Math.floor(atMs / msPerDay);
    if (this.endDay > this.firstDay && dayOfAt - 2 >= this.firstDay) return;
    this.opens = [];
    this.closes = [];
    this.cursor = 0;
    this.firstDay = dayOfAt - 3;
    this.endDay = this.firstDay;
    this.settledBeforeMs = Number.NEGATIVE_INFINITY;
    this.generate(chunkDays);
  }

  private generate(days: number): void {
    const last = this.endDay + days;
    const today: Interval[] = [];
    for (let day = this.endDay; day < last; day += 1) {
      today.length = 0;
      for (const window of this.week[weekdayIndexOf(day)] ?? []) {
        const openMs = this.wall.toEpochMs(day, window.openMinute);
        const closeMs = this.wall.toEpochMs(day, window.closeMinute);
        if (closeMs > openMs) today.push({ openMs, closeMs });
      }
      // A jump forward can reorder a day's windows; they are merged in the order of their instants.
      if (today.length > 1) today.sort((a, b) => a.openMs - b.openMs);
      for (const window of today) this.append(window.openMs, window.closeMs);
    }
    this.endDay = last;
    // Windows of later dates start at or after their date's midnight, which is at least a day
    // and a bit after the UTC midnight of the last generated day minus one.
    this.settledBeforeMs = (last - 2) * msPerDay;
  }

  private append(openMs: number, closeMs: number): void {
    const n = this.closes.length;
    if (n > 0 && openMs < (this.closes[n - 1] as number)) {
      // A DST jump made this window overlap the previous one: they are one open stretch.
      this.closes[n - 1] = Math.max(this.closes[n - 1] as number, closeMs);
      return;
    }
    this.opens.push(openMs);
    this.closes.push(closeMs);
  }
}
