import { listOutcome } from '../../../core/plan/list-status.js';
import { project } from '../../../core/plan/project.js';
import type { Projection } from '../../../core/plan/projection.js';
import type { CampaignRecord, ListCounts, ListRecord, Store } from '../../../core/ports/store.js';
import { providerSettingsSchema } from '../../../core/scenario/provider-schema.js';
import type { SendingState } from '../../../core/plan/sending-state.js';
import type { Scenario } from '../../../core/scenario/scenario.js';
import type { ListRow } from '../campaigns/list-row.js';
import { campaignFromNow, type CampaignFromNow } from './projection-from-now.js';

/** Every list of a campaign as Edit Recipients shows it, as of `nowMs`. */
export async function listRows(store: Store, campaign: CampaignRecord, nowMs: number): Promise<ListRow[]> {
  const lists = await store.lists(campaign.id);
  const counted = await Promise.all(lists.map(async (list) => ({ list, counts: await store.listCounts(list.id) })));
  const rows = counted.map(({ list, counts }) => rowOf(list, counts, nowMs));
  const projection = await projectionFromNow(store, campaign, rows, nowMs);
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
// each second an Edit Recipients page was open. Within the minute it may be a minute behind.
const caches = new WeakMap<Store, Map<string, { key: string; value: Projection | null }>>();

/**
 * Where the open lists go from here with an ideal provider: core's `project` over the recipients
 * still pending, resuming from the campaign's sending state (today's sends already counted
 * against the daily limit, the throttle gap after the last send).
 */
async function projectionFromNow(store: Store, campaign: CampaignRecord, rows: ListRow[], nowMs: number): Promise<Projection | null> {
  const key = `${await store.revision()}:${Math.floor(nowMs / 60_000)}:${JSON.stringify(campaign)}`;
  let cache = caches.get(store);
  if (cache === undefined) caches.set(store, (cache = new Map()));
  const cached = cache.get(campaign.id);
  if (cached?.key === key) return cached.value;
  const anyOpen = rows.some((row) => row.status === 'scheduled' || row.status === 'in_progress');
  const value = anyOpen ? projectFromNow(campaign, await campaignFromNow(store, campaign, nowMs)) : null;
  cache.set(campaign.id, { key, value });
  return value;
}

function projectFromNow(campaign: CampaignRecord, { lists, sending }: CampaignFromNow): Projection | null {
  if (lists.length === 0) return null;
  const { name, timeZone, hours, rate, dailyLimit, message } = campaign;
  const scenario: Scenario = { campaign: { name, timeZone, hours, rate, dailyLimit, message }, lists, actions: [], provider: providerSettingsSchema.parse({}), until: null };
  return project(scenario, { sending });
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

/** The campaign's open lists and its sending state, for a projection in the browser that resumes from now. */
export async function openListsFromNow(store: Store, campaign: CampaignRecord, nowMs: number): Promise<{ lists: OpenList[]; sending: SendingState }> {
  const { lists, sending } = await campaignFromNow(store, campaign, nowMs);
  return {
    lists: lists.map((list) => ({
      id: list.id,
      fileName: list.fileName,
      createdAt: list.createdAt.toString(),
      startAfter: list.startAfter.toString(),
      endBefore: list.endBefore?.toString() ?? null,
      zones: list.recipients.map((recipient) => recipient.timeZone)
    })),
    sending
  };
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
