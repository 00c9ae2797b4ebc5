import type { SendRun } from '../../../core/plan/index.js';

export interface CurvePoint {
  atMs: number;
  /** Recipients of the list texted by `atMs`: those before it at least, those at or before it at most. */
  sent: number;
}

/** Enough points for a chart a few hundred pixels wide; more only costs drawing time. */
const defaultMaxPoints = 600;

/**
 * A list's cumulative sends as a line: the first and last send of each run (sends in between
 * are evenly spaced, so the line is exact), or when that is too many points for a chart, the
 * end of every few runs.
 */
export function sampleCurve(runs: readonly SendRun[], listId: string, startMs: number, maxPoints = defaultMaxPoints): CurvePoint[] {
  const own = runs.filter((run) => run.list === listId);
  const points: CurvePoint[] = [{ atMs: startMs, sent: 0 }];
  const stride = Math.max(1, Math.ceil((own.length * 2) / maxPoints));
  let sent = 0;
  own.forEach((run, index) => {
    const before = sent;
    sent += run.count;
    const lastMs = run.firstSendMs + (run.count - 1) * run.gapMs;
    if (stride === 1) {
      // Flat until the run starts, then its evenly spaced sends as one straight rise.
      points.push({ atMs: run.firstSendMs, sent: before }, { atMs: lastMs, sent });
    } else if (index % stride === stride - 1 || index === own.length - 1) {
      points.push({ atMs: lastMs, sent });
    }
  });
  return points;
}
