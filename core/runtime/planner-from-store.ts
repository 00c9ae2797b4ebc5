import { createSendPlanner, type SendPlanner } from '../plan/planner.js';
import type { CampaignRecord, ListRecord, RecipientRecord, Store } from '../ports/store.js';
import { plannedListOf, rulesOf } from '../plan/schedule-input.js';

export { plannedListOf, rulesOf };

/**
 * A campaign's planner as the store remembers it: its lists and stops, then every finished
 * attempt replayed in the order it began (so throttle and daily counts are as they were), then
 * recipients settled without an attempt (opted-out phones that were skipped). This is how a
 * restarted worker carries on where it stopped instead of starting the campaign over.
 * An attempt still in flight holds its recipient until its outcome is recorded; after a crash,
 * reconcile unfinished attempts (the runtime does, beside sending), or their recipients stay held.
 *
 * `recipientsOf` reads a list's recipients (a caller that keeps them passes its own); the lists
 * planned are returned with the planner.
 */
export async function plannerFromStore(
  store: Store,
  campaign: CampaignRecord,
  recipientsOf: (listId: string) => Promise<readonly RecipientRecord[]> = (listId) => store.recipients(listId)
): Promise<{ planner: SendPlanner; lists: ListRecord[] }> {
  const planner = createSendPlanner(rulesOf(campaign));
  const lists = await store.lists(campaign.id);
  for (const list of lists) {
    planner.addList(plannedListOf(list, await recipientsOf(list.id)));
    if (list.stoppedAt !== null) planner.stopList(list.id, list.stoppedAt.epochMilliseconds);
  }
  for (const attempt of await store.attempts(campaign.id)) {
    if (attempt.outcome === 'sending') {
      // In flight (a refresh while the provider answers, or a crash's attempt being reconciled):
      // the slot is taken, the recipient held and a daily unit reserved until the outcome is
      // recorded, which decides the row and the unit.
      planner.record({ listId: attempt.listId, row: attempt.row, atMs: attempt.atMs, result: 'in_flight', countsTowardDailyLimit: true });
      continue;
    }
    planner.record({
      listId: attempt.listId,
      row: attempt.row,
      atMs: attempt.atMs,
      result: attempt.outcome === 'retry' || attempt.outcome === 'halted' ? 'retry' : 'done',
      countsTowardDailyLimit: attempt.outcome === 'sent' || attempt.outcome === 'unknown',
      ...(attempt.retryAtMs === null ? {} : { retryAtMs: attempt.retryAtMs })
    });
  }
  for (const list of lists) {
    const counts = await store.listCounts(list.id);
    if (counts.states.pending === counts.total) continue;
    const states = await store.recipientStates(list.id);
    states.forEach((state, row) => {
      if (state !== 'pending' && state !== 'sending' && planner.isPending(list.id, row)) planner.settle(list.id, row);
    });
  }
  return { planner, lists };
}
