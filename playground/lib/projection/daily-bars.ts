import type { SendRun } from '../../../core/plan/index.js';
import type { DayCount } from '../../../core/schedule/daily-limit.js';
import { epochDayOf, plainDateOf } from '../../../core/schedule/epoch-day.js';

export interface DayBar {
  /** Local date of the campaign's zone, `YYYY-MM-DD`. */
  date: string;
  /** Sends of the draft list that day before its end date. */
  list: number;
  /** Sends the draft list would make that day at or after its end date: recipients the end date leaves out. */
  pastEnd: number;
  /** Sends of the campaign's other lists that day, made already or projected (they share the throttle and the daily limit). */
  others: number;
}

/**
 * Sends per local date, in date order, over the days the draft list sends on, from the runs of
 * a projection of the draft without its end date (`endMs` splits them), and the sends a campaign
 * already sending has made on the days not over yet (`counted`, which the draft list has none of).
 */
export function dailyBars(runs: readonly SendRun[], listId: string, endMs: number | null, counted: readonly DayCount[] = []): DayBar[] {
  const byDay = new Map<number, { list: number; pastEnd: number; others: number }>();
  for (const { date, sends } of counted) byDay.set(epochDayOf(date), { list: 0, pastEnd: 0, others: sends });
  for (const run of runs) {
    let day = byDay.get(run.epochDay);
    if (day === undefined) byDay.set(run.epochDay, (day = { list: 0, pastEnd: 0, others: 0 }));
    if (run.list !== listId) {
      day.others += run.count;
      continue;
    }
    const beforeEnd = endMs === null ? run.count : Math.min(run.count, Math.max(0, Math.ceil((endMs - run.firstSendMs) / run.gapMs)));
    day.list += beforeEnd;
    day.pastEnd += run.count - beforeEnd;
  }
  const days = [...byDay].sort(([a], [b]) => a - b);
  const own = ([, day]: [number, { list: number; pastEnd: number }]) => day.list + day.pastEnd > 0;
  const first = days.findIndex(own);
  if (first === -1) return [];
  const last = days.findLastIndex(own);
  return days.slice(first, last + 1).map(([epochDay, day]) => ({ date: plainDateOf(epochDay).toString(), ...day }));
}
