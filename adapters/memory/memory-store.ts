import type { Temporal } from 'temporal-polyfill';
import { advanceDeliveryStatus } from '../../core/campaign/delivery-status.js';
import type { TimelineEvent } from '../../core/campaign/timeline.js';
import type { DeliveryStatus } from '../../core/ports/provider.js';
import type {
  AttemptResult,
  CampaignRecord,
  ListCounts,
  ListRecord,
  RecipientRecord,
  RecipientState,
  SendAttempt,
  Store
} from '../../core/ports/store.js';

/**
 * A Store in plain maps, for simulations and tests. Recipient states sit in one byte each so a
 * million-recipient list stays small; recipients are kept as given, not copied.
 */
export function createMemoryStore(): Store {
  const campaigns = new Map<string, CampaignRecord>();
  const lists = new Map<string, ListEntry>();
  const attemptsById = new Map<string, SendAttempt>();
  const attemptsByCampaign = new Map<string, SendAttempt[]>();
  const attemptsByProviderId = new Map<string, SendAttempt>();
  const unfinished = new Set<SendAttempt>();
  const lastSent = new Map<string, SendAttempt>();
  const timeline: TimelineEvent[] = [];
  const optedOut = new Set<string>();

  function entry(listId: string): ListEntry {
    const found = lists.get(listId);
    if (found === undefined) throw new Error(`No list "${listId}" in the store.`);
    return found;
  }

  function moveRecipient(list: ListEntry, row: number, state: RecipientState): void {
    if (row < 0 || row >= list.recipients.length) throw new RangeError(`List "${list.record.id}" has no row ${row}.`);
    const from = list.states[row] as number;
    const to = stateCodes[state];
    list.counts[from] = (list.counts[from] as number) - 1;
    list.counts[to] = (list.counts[to] as number) + 1;
    list.states[row] = to;
  }

  return {
    saveCampaign(campaign) {
      campaigns.set(campaign.id, campaign);
    },
    campaign: (id) => campaigns.get(id) ?? null,
    campaigns: () => [...campaigns.values()].sort((a, b) => compareText(a.id, b.id)),

    addList(list, recipients) {
      if (lists.has(list.id)) throw new Error(`The store already has a list "${list.id}".`);
      const counts = recipientStates.map(() => 0);
      counts[stateCodes.pending] = recipients.length;
      lists.set(list.id, {
        record: { ...list },
        recipients,
        states: new Uint8Array(recipients.length),
        counts,
        firstSent: null,
        lastSent: null,
        retries: new Map()
      });
    },
    list: (id) => {
      const found = lists.get(id);
      return found === undefined ? null : { ...found.record };
    },
    lists: (campaignId) =>
      [...lists.values()]
        .map((l) => l.record)
        .filter((l) => l.campaignId === campaignId)
        .sort(servingOrder)
        .map((l) => ({ ...l })),
    stopList(id, at) {
      const list = entry(id);
      if (list.record.stoppedAt === null) list.record.stoppedAt = at;
    },

    recipient(listId, row) {
      const found = entry(listId).recipients[row];
      if (found === undefined) throw new RangeError(`List "${listId}" has no row ${row}.`);
      return found;
    },
    recipientState(listId, row) {
      const code = entry(listId).states[row];
      if (code === undefined) throw new RangeError(`List "${listId}" has no row ${row}.`);
      return recipientStates[code] as RecipientState;
    },
    setRecipientState(listId, row, state) {
      moveRecipient(entry(listId), row, state);
    },
    listCounts(listId) {
      const list = entry(listId);
      const states = Object.fromEntries(recipientStates.map((s, i) => [s, list.counts[i]])) as ListCounts['states'];
      return { total: list.recipients.length, states, firstSentAt: list.firstSent, lastSentAt: list.lastSent };
    },
    retriesOf: (listId, row) => entry(listId).retries.get(row) ?? 0,

    beginAttempt(begun) {
      const list = entry(begun.listId);
      if (attemptsById.has(begun.id)) throw new Error(`The store already has an attempt "${begun.id}".`);
      if (list.states[begun.row] !== stateCodes.pending) {
        throw new Error(`Recipient ${begun.listId}#${begun.row} is not pending; it cannot be claimed.`);
      }
      const attempt: SendAttempt = {
        ...begun,
        outcome: 'sending',
        providerId: null,
        deliveryStatus: null,
        code: null,
        retryAt: null
      };
      moveRecipient(list, begun.row, 'sending');
      attemptsById.set(attempt.id, attempt);
      let forCampaign = attemptsByCampaign.get(attempt.campaignId);
      if (forCampaign === undefined) attemptsByCampaign.set(attempt.campaignId, (forCampaign = []));
      forCampaign.push(attempt);
      unfinished.add(attempt);
    },
    finishAttempt(id, result) {
      const attempt = attemptsById.get(id);
      if (attempt === undefined) throw new Error(`No attempt "${id}" in the store.`);
      if (attempt.outcome !== 'sending') throw new Error(`Attempt "${id}" is already finished (${attempt.outcome}).`);
      const list = entry(attempt.listId);
      applyResult(attempt, result);
      unfinished.delete(attempt);
      moveRecipient(list, attempt.row, recipientStateAfter[result.outcome]);
      if (result.outcome === 'retry') list.retries.set(attempt.row, (list.retries.get(attempt.row) ?? 0) + 1);
      if (result.outcome === 'sent') {
        attemptsByProviderId.set(result.providerId, attempt);
        lastSent.set(attempt.phone, attempt);
        list.firstSent ??= attempt.at;
        list.lastSent = attempt.at;
      }
    },
    attemptByProviderId: (providerId) => attemptsByProviderId.get(providerId) ?? null,
    unfinishedAttempts: () => [...unfinished],
    attempts: (campaignId) => attemptsByCampaign.get(campaignId) ?? [],
    updateDelivery(providerId, status) {
      const attempt = attemptsByProviderId.get(providerId);
      if (attempt === undefined || attempt.deliveryStatus === null) return null;
      const next = advanceDeliveryStatus(attempt.deliveryStatus, status);
      if (next === attempt.deliveryStatus) return null;
      attempt.deliveryStatus = next;
      return next;
    },
    lastSentTo: (phone) => lastSent.get(phone) ?? null,

    appendTimeline(event) {
      timeline.push(event);
    },
    timeline: (phone) => timeline.filter((e) => e.phone === phone),
    timelineEvents: () => timeline,

    setOptedOut(phone, out) {
      if (out) optedOut.add(phone);
      else optedOut.delete(phone);
    },
    isOptedOut: (phone) => optedOut.has(phone)
  };
}

// ---------------------------------------------------------------------------------------------

const recipientStates = ['pending', 'sending', 'sent', 'failed', 'opted_out', 'unknown'] as const satisfies readonly RecipientState[];
const stateCodes = Object.fromEntries(recipientStates.map((s, i) => [s, i])) as Record<RecipientState, number>;

const recipientStateAfter: Record<AttemptResult['outcome'], RecipientState> = {
  sent: 'sent',
  failed: 'failed',
  opted_out: 'opted_out',
  retry: 'pending',
  unknown: 'unknown',
  // The campaign's configuration was refused, not this person: they stay pending.
  halted: 'pending'
};

interface ListEntry {
  record: ListRecord;
  recipients: readonly RecipientRecord[];
  states: Uint8Array;
  counts: number[];
  firstSent: Temporal.Instant | null;
  lastSent: Temporal.Instant | null;
  retries: Map<number, number>;
}

function applyResult(attempt: SendAttempt, result: AttemptResult): void {
  attempt.outcome = result.outcome;
  switch (result.outcome) {
    case 'sent':
      attempt.providerId = result.providerId;
      attempt.deliveryStatus = result.status as DeliveryStatus;
      break;
    case 'retry':
      attempt.code = result.code;
      attempt.retryAt = result.retryAt;
      break;
    case 'failed':
    case 'opted_out':
    case 'halted':
      attempt.code = result.code;
      break;
    case 'unknown':
      break;
  }
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function servingOrder(a: ListRecord, b: ListRecord): number {
  return (
    a.startAfter.epochMilliseconds - b.startAfter.epochMilliseconds ||
    a.createdAt.epochMilliseconds - b.createdAt.epochMilliseconds ||
    compareText(a.id, b.id)
  );
}
