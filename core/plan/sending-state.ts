import type { DailyLimit, DayCount } from '../schedule/daily-limit.js';

/**
 * Where a campaign already sending stands at an instant, as a projection from then needs it: the
 * throttle counts from the last attempt, and the daily limit from the sends the day has counted
 * already. A send planner that replayed the send log gives it (`SendPlanner.sendingState`), so the
 * runtime's notion of "what was attempted" is the only one. Plain data: it travels to a browser.
 */
export interface SendingState {
  /** The instant this is as of: nothing is projected before it (epoch ms). */
  asOfMs: number;
  /** When the campaign's last attempt began (epoch ms): the next send waits a throttle gap after it. null: none yet. */
  lastAttemptMs: number | null;
  /** Sends counted toward the daily limit on each local date of the campaign's zone not over at `asOfMs`. */
  counted: DayCount[];
}

/**
 * The rule, written once: a projection resuming from `state` sends nothing before `state.asOfMs`
 * nor within a throttle gap of the last attempt, and each date's counted sends take their room
 * under the daily limit (`daily` is told of them). Without a state, the campaign starts fresh.
 */
export function resumeFrom(state: SendingState | null, daily: DailyLimit, gapMs: number): { fromMs: number; nextAllowedMs: number } {
  if (state === null) return { fromMs: Number.NEGATIVE_INFINITY, nextAllowedMs: Number.NEGATIVE_INFINITY };
  for (const day of state.counted) daily.countOn(day.date, day.sends);
  return { fromMs: state.asOfMs, nextAllowedMs: state.lastAttemptMs === null ? Number.NEGATIVE_INFINITY : state.lastAttemptMs + gapMs };
}
