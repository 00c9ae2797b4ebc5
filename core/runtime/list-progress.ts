import type { SendPlanner } from '../plan/planner.js';
import { instantText, type ProjectedList } from '../plan/projection.js';
import type { ListRecord, Store } from '../ports/store.js';

/**
 * A list as `project --json` shows it, from what really happened: `sent` counts messages the
 * provider took, `unreached` the recipients still pending when the list ended. With an ideal
 * provider this is exactly the projection's entry.
 *
 * As of `asOfMs`; `null` means once nothing more can happen, as a projection without `until`
 * reports it: the end of time, except for a list that never ends (recipients left, no end date, no
 * stop: its campaign halted), which is shown as of `nowMs`.
 */
export async function listStatusOf(store: Store, planner: SendPlanner, list: ListRecord, asOfMs: number | null, nowMs: number): Promise<ProjectedList> {
  const atMs = asOfMs ?? (neverEnds(planner, list) ? nowMs : Number.POSITIVE_INFINITY);
  const progress = planner.listProgress(list.id, atMs);
  const counts = await store.listCounts(list.id);
  return {
    id: list.id,
    status: progress.status,
    completion: progress.completion,
    total: counts.total,
    sent: counts.states.sent,
    unreached: progress.completion === 'end_reached' || progress.completion === 'stopped' ? progress.pending : 0,
    firstSendAt: counts.firstSentAt?.toString() ?? null,
    lastSendAt: counts.lastSentAt?.toString() ?? null,
    completedAt: progress.endedAtMs === null ? null : instantText(progress.endedAtMs)
  };
}

function neverEnds(planner: SendPlanner, list: ListRecord): boolean {
  return list.endBefore === null && list.stoppedAt === null && planner.listProgress(list.id, Number.POSITIVE_INFINITY).pending > 0;
}
