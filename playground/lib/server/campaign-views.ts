import { Temporal } from 'temporal-polyfill';
import { listOutcome } from '../../../core/plan/list-status.js';
import { project } from '../../../core/plan/project.js';
import type { Projection } from '../../../core/plan/projection.js';
import type { CampaignRecord, ListCounts, ListRecord, Store } from '../../../core/ports/store.js';
import { providerSettingsSchema } from '../../../core/scenario/provider-schema.js';
import type { RecipientList, Scenario } from '../../../core/scenario/scenario.js';
import type { ListRow } from '../campaigns/list-row.js';
import { recipientsOfZones } from '../projection/draft-projection.js';

/** Every list of a campaign as Edit Recipients shows it, as of `nowMs`. */
export async function listRows(store: Store, campaign: CampaignRecord, nowMs: number): Promise<ListRow[]> {
  const lists = await store.lists(campaign.id);
  const counted = await Promise.all(lists.map(async (list) => ({ list, counts: await store.listCounts(list.id) })));
  const rows = counted.map(({ list, counts }) => rowOf(list, counts, nowMs));
  const projection = await projectionFromNow(store, campaign, lists, rows, nowMs);
  return rows.map((row) => {
    const projected = projection?.lists.find((list) => list.id === row.id);
    // The projection may be up to a minute old: a list that has ended since keeps what happened.
    if (projected === undefined || (row.status !== 'scheduled' && row.status !== 'in_progress')) return row;
    const finish = projected.completion === 'end_reached' ? projected.completedAt : projected.lastSendAt;
    return { ...row, projectedFinish: projected.status === 'in_progress' ? null : finish, projectedUnreached: projected.unreached, nextSend: projected.firstSendAt };
  });
}

function rowOf(list: ListRecord, counts: ListCounts, nowMs: number): ListRow {
  const { states } = counts;
  const remaining = states.pending + states.sending;
  const startAfterMs = list.startAfter.epochMilliseconds;
  const outcome = listOutcome(
    {
      startAfterMs,
      endBeforeMs: list.endBefore?.epochMilliseconds ?? null,
      stopAtMs: list.stoppedAt?.epochMilliseconds ?? null,
      drainedAtMs: remaining === 0 ? (counts.lastSentAt?.epochMilliseconds ?? startAfterMs) : null
    },
    nowMs
  );
  const ended = outcome.status === 'completed' || outcome.status === 'stopped';
  return {
    id: list.id,
    fileName: list.fileName ?? '(no file name)',
    createdAt: list.createdAt.toString(),
    startAfter: list.startAfter.toString(),
    endBefore: list.endBefore?.toString() ?? null,
    status: outcome.status,
    completion: outcome.completion,
    total: counts.total,
    sent: states.sent,
    failed: states.failed,
    optedOut: states.opted_out,
    unknown: states.unknown,
    remaining,
    unreached: ended ? states.pending : 0,
    projectedFinish: null,
    projectedUnreached: 0,
    nextSend: null
  };
}

// A campaign's projection is kept, per store, until a list or the campaign changes (the store's
// revision) or a minute passes (a list's start may have come, and sends have moved it on). Keyed
// by the sends too, it was recomputed on every send: a 1M-recipient list held the server for 5–7 s
// each second an Edit Recipients page was open.
const caches = new WeakMap<Store, Map<string, { key: string; value: Projection | null }>>();

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
 * Where the open lists go from here with an ideal provider: core's `project` over the recipients
 * still pending, each list starting no earlier than now. The throttle's gap after the last real
 * send and today's daily count already used are not carried over, so a finish can be a few
 * minutes early on a busy day.
 */
async function projectionFromNow(store: Store, campaign: CampaignRecord, lists: ListRecord[], rows: ListRow[], nowMs: number): Promise<Projection | null> {
  const key = `${await store.revision()}:${Math.floor(nowMs / 60_000)}:${JSON.stringify(campaign)}`;
  let cache = caches.get(store);
  if (cache === undefined) caches.set(store, (cache = new Map()));
  const cached = cache.get(campaign.id);
  if (cached?.key === key) return cached.value;
  const open = lists.filter((list) => rows.some((row) => row.id === list.id && (row.status === 'scheduled' || row.status === 'in_progress')));
  const value = open.length === 0 ? null : project(await remainingScenario(store, campaign, open, nowMs));
  cache.set(campaign.id, { key, value });
  return value;
}

async function remainingScenario(store: Store, campaign: CampaignRecord, open: ListRecord[], nowMs: number): Promise<Scenario> {
  const { name, timeZone, hours, rate, dailyLimit, message } = campaign;
  return {
    campaign: { name, timeZone, hours, rate, dailyLimit, message },
    lists: await Promise.all(open.map((list) => remainingList(store, list, nowMs))),
    actions: [],
    provider: providerSettingsSchema.parse({}),
    until: null
  };
}

/** A list as a projection from now sees it: its pending recipients, starting no earlier than now. */
async function remainingList(store: Store, list: ListRecord, nowMs: number): Promise<RecipientList> {
  const [zones, states] = await Promise.all([zonesOf(store, list.id), store.recipientStates(list.id)]);
  return {
    id: list.id,
    fileName: list.fileName ?? '',
    createdAt: list.createdAt,
    startAfter: Temporal.Instant.fromEpochMilliseconds(Math.max(nowMs, list.startAfter.epochMilliseconds)),
    endBefore: list.endBefore,
    // A projection reads nothing of a recipient but its zone.
    recipients: recipientsOfZones(zones.filter((_, row) => states[row] === 'pending'))
  };
}

/** A campaign's other lists still able to send, for the projection beside Add Recipients (JSON-ready). */
export interface OpenList {
  id: string;
  fileName: string;
  createdAt: string;
  startAfter: string;
  endBefore: string | null;
  /** The time zone of each recipient still pending, in file order. */
  zones: string[];
}

export async function openListsFromNow(store: Store, campaign: CampaignRecord, nowMs: number): Promise<OpenList[]> {
  const lists = (await store.lists(campaign.id)).filter(
    (list) => list.stoppedAt === null && (list.endBefore === null || list.endBefore.epochMilliseconds > nowMs)
  );
  const remaining = await Promise.all(lists.map((list) => remainingList(store, list, nowMs)));
  return remaining
    .filter((list) => list.recipients.length > 0)
    .map((list) => ({
      id: list.id,
      fileName: list.fileName,
      createdAt: list.createdAt.toString(),
      startAfter: list.startAfter.toString(),
      endBefore: list.endBefore?.toString() ?? null,
      zones: list.recipients.map((recipient) => recipient.timeZone)
    }));
}

export interface CampaignSummary {
  id: string;
  name: string;
  /** null: the provider's configured default. */
  sender: string | null;
  description: string;
  timeZone: string;
  lists: number;
  openLists: number;
  sent: number;
  total: number;
  /** The next send projected for any of its lists; null when none is due. */
  nextSend: string | null;
  halted: string | null;
}

export async function campaignSummary(store: Store, campaign: CampaignRecord, details: { description: string }, nowMs: number): Promise<CampaignSummary> {
  const rows = await listRows(store, campaign, nowMs);
  const nextSends = rows.map((row) => row.nextSend).filter((at): at is string => at !== null).sort();
  return {
    id: campaign.id,
    name: campaign.name,
    sender: campaign.sender,
    description: details.description,
    timeZone: campaign.timeZone,
    lists: rows.length,
    openLists: rows.filter((row) => row.status === 'scheduled' || row.status === 'in_progress').length,
    sent: rows.reduce((sum, row) => sum + row.sent, 0),
    total: rows.reduce((sum, row) => sum + row.total, 0),
    nextSend: nextSends[0] ?? null,
    halted: campaign.halted?.message ?? null
  };
}
