import type { SendingState } from '../../../core/plan/sending-state.js';
import type { CampaignRecord, ListRecord, Store } from '../../../core/ports/store.js';
import { plannerFromStore } from '../../../core/runtime/planner-from-store.js';
import type { RecipientList } from '../../../core/scenario/scenario.js';
import { recipientsOfZones } from '../projection/draft-projection.js';

/**
 * A campaign as a projection from now sees it: each list that can still send, with only its
 * recipients still pending, and where the throttle and the daily limit stand.
 */
export interface CampaignFromNow {
  lists: RecipientList[];
  sending: SendingState;
}

// A list's recipients never change once it is added, and a projection reads only their zones:
// kept per store and list, so a refresh reads only the recipients' states (reading a million
// recipients back from SQLite took about 4.7 s).
const zonesByList = new WeakMap<Store, Map<string, readonly string[]>>();

async function zonesOf(store: Store, listId: string): Promise<readonly string[]> {
  let byList = zonesByList.get(store);
  if (byList === undefined) zonesByList.set(store, (byList = new Map()));
  let zones = byList.get(listId);
  if (zones === undefined) {
    zones = (await store.recipients(listId)).map((recipient) => recipient.timeZone);
    byList.set(listId, zones);
  }
  return zones;
}

/**
 * Reads the campaign from the store as of `nowMs`. The sending state comes from the send log
 * replayed into a send planner exactly as a restarting worker replays it (`plannerFromStore`), so
 * which attempts take the throttle and which a unit of the daily limit is decided in one place.
 * A send in flight holds its recipient (not pending), takes the throttle and, until its outcome
 * is known, a unit of the daily limit.
 */
export async function campaignFromNow(store: Store, campaign: CampaignRecord, nowMs: number): Promise<CampaignFromNow> {
  // A projection reads nothing of a recipient but its zone.
  const { planner, lists } = await plannerFromStore(store, campaign, async (listId) => recipientsOfZones(await zonesOf(store, listId)));
  const open = lists.filter((list) => list.stoppedAt === null && (list.endBefore === null || list.endBefore.epochMilliseconds > nowMs));
  const remaining = await Promise.all(open.map((list) => pendingList(store, list)));
  return { lists: remaining.filter((list) => list.recipients.length > 0), sending: planner.sendingState(nowMs) };
}

/** A list with only its recipients still pending; it keeps its own start, which decides whom it is served after. */
async function pendingList(store: Store, list: ListRecord): Promise<RecipientList> {
  const [zones, states] = await Promise.all([zonesOf(store, list.id), store.recipientStates(list.id)]);
  return {
    id: list.id,
    fileName: list.fileName ?? '',
    createdAt: list.createdAt,
    startAfter: list.startAfter,
    endBefore: list.endBefore,
    recipients: recipientsOfZones(zones.filter((_, row) => states[row] === 'pending'))
  };
}
