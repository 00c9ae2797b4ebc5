import type { SendPlanner } from '../plan/planner.js';
import { instantText, type ProjectedList } from '../plan/projection.js';
import type { ListRecord, Store } from '../ports/store.js';

/**
 * A list as `project --json` shows it, from what really happened: `sent` counts messages the
 * provider took, `unreached` the recipients still pending when the list ended. With an ideal
 * provider this is exactly the projection's entry.
 */
export function listStatusOf(store: Store, planner: SendPlanner, list: ListRecord, asOfMs: number): ProjectedList {
  const progress = planner.listProgress(list.id, asOfMs);
  const counts = store.listCounts(list.id);
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
