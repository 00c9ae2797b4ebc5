import { msPerDay } from './epoch-day.js';
import { WallClock } from './wall-clock.js';

/** One local calendar date of a zone, as the instants it spans. */
export interface LocalDay {
  epochDay: number;
  startMs: number;
  endMs: number;
}

/**
 * Local dates of one zone (the campaign's, which defines the day of `dailyLimit` and of the
 * projection's `days`). A date starts at its first instant: local midnight, or the first time
 * after it when a DST jump skips midnight.
 */
export class LocalDays {
  private readonly wall: WallClock;
  private last: LocalDay | null = null;

  constructor(readonly timeZone: string) {
    this.wall = new WallClock(timeZone);
  }

  startOf(epochDay: number): number {
    return this.wall.toEpochMs(epochDay, 0);
  }

  /** The local date containing `atMs`. */
  dayAt(atMs: number): LocalDay {
    const last = this.last;
    if (last !== null && last.startMs <= atMs && atMs < last.endMs) return last;
    // A zone's offset is within a day of UTC, so the local date is the UTC date or a neighbour.
    let epochDay = Math.floor(atMs / msPerDay) + 1;
    while (this.startOf(epochDay) > atMs) epochDay -= 1;
    const day = { epochDay, startMs: this.startOf(epochDay), endMs: this.startOf(epochDay + 1) };
    this.last = day;
    return day;
  }
}
