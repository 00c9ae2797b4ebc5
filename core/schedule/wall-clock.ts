import { Temporal } from 'temporal-polyfill';
import { msPerDay, plainDateOf } from './epoch-day.js';

const msPerMinute = 60_000;
/**
 * How far from an offset change a wall-clock time must be for `wall - offset` to be the only
 * answer. Offsets stay within ±26 h of UTC and change by at most a day, so 48 h is safe.
 */
const transitionMarginMs = 48 * 3_600_000;
const maxOffsetMs = 26 * 3_600_000;

interface Span {
  /** The span's first instant: a transition, or where we started looking. */
  startMs: number;
  /** The next transition, or +Infinity when the zone has no more. */
  endMs: number;
  offsetMs: number;
}

/**
 * Turns wall-clock times of one zone into instants, as Temporal does with disambiguation
 * `compatible` (a time skipped by a jump moves forward, a repeated one takes the earlier
 * instant). Far from an offset change the answer is simply `wall - offset`, with the offset and
 * the changes taken from Temporal; near one, Temporal itself converts. This keeps a two-year
 * projection in five zones from spending its time in thousands of zone conversions.
 */
export class WallClock {
  private span: Span | null = null;

  constructor(readonly timeZone: string) {}

  /** The instant (epoch ms) of `minuteOfDay` (0‥1440, 1440 being the next midnight) on local date `epochDay`. */
  toEpochMs(epochDay: number, minuteOfDay: number): number {
    const wallMs = epochDay * msPerDay + minuteOfDay * msPerMinute;
    const span = this.spanNear(wallMs);
    const candidate = wallMs - span.offsetMs;
    // Near the span's edges the same wall time may also exist (or not) under another offset.
    if (candidate - span.startMs >= transitionMarginMs && span.endMs - candidate >= transitionMarginMs) return candidate;
    return this.convertWithTemporal(epochDay, minuteOfDay);
  }

  convertWithTemporal(epochDay: number, minuteOfDay: number): number {
    const dayOffset = Math.floor(minuteOfDay / 1440);
    const minute = minuteOfDay - dayOffset * 1440;
    return plainDateOf(epochDay + dayOffset)
      .toPlainDateTime({ hour: Math.floor(minute / 60), minute: minute % 60 })
      .toZonedDateTime(this.timeZone, { disambiguation: 'compatible' }).epochMilliseconds;
  }

  /** The span of constant offset around a wall time, moving forward lazily and restarting when asked about the past. */
  private spanNear(wallMs: number): Span {
    // Offsets are within ±26 h of UTC: a wall time more than 26 h after the span's start cannot
    // fall before it; otherwise start again four days earlier, which leaves the margin.
    let span = this.span;
    if (span === null || wallMs - maxOffsetMs < span.startMs) span = this.spanAt(wallMs - 4 * msPerDay);
    while (wallMs - span.offsetMs >= span.endMs) span = this.spanAt(span.endMs);
    this.span = span;
    return span;
  }

  private spanAt(startMs: number): Span {
    const start = Temporal.Instant.fromEpochMilliseconds(startMs).toZonedDateTimeISO(this.timeZone);
    const next = start.getTimeZoneTransition('next');
    return {
      startMs,
      endMs: next === null ? Number.POSITIVE_INFINITY : next.epochMilliseconds,
      offsetMs: start.offsetNanoseconds / 1_000_000
    };
  }
}
