import { Temporal } from 'temporal-polyfill';
import { advanceDeliveryStatus } from '../../core/campaign/delivery-status.js';
import type { TimelineEvent } from '../../core/campaign/timeline.js';
import { StoredAttempt, StoredEvent, StoredOutbound, StoredStatus } from './stored-records.js';
import type {
  AttemptResult,
  CampaignRecord,
  ListCounts,
  ListRecord,
  RecipientRecord,
  RecipientState,
  Store
} from '../../core/ports/store.js';

/**
 * A Store in plain maps, for simulations and tests. Recipient states sit in one byte each so a
 * million-recipient list stays small; recipients are kept as given, not copied. Instants are kept
 * as epoch milliseconds and made again when read: temporal-polyfill keeps every Instant's slots
 * in a WeakMap, and millions of live ones make each garbage collection crawl (a 1M-recipient
 * simulation took minutes instead of seconds). Attempts and events it returns are read-only views
 * (see stored-records.ts).
 */
export function createMemoryStore(): Store {
  const campaigns = new Map<string, CampaignRecord>();
  const lists = new Map<string, ListEntry>();
  const attemptsByCampaign = new Map<string, StoredAttempt[]>();
  const attemptsByProviderId = new Map<string, StoredAttempt>();
  const unfinished = new Map<string, StoredAttempt>();
  const lastSent = new Map<string, StoredAttempt>();
  const timeline: Array<StoredEvent | StoredStatus | StoredOutbound> = [];
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
        firstSentMs: null,
        lastSentMs: null,
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
      return {
        total: list.recipients.length,
        states,
        firstSentAt: list.firstSentMs === null ? null : Temporal.Instant.fromEpochMilliseconds(list.firstSentMs),
        lastSentAt: list.lastSentMs === null ? null : Temporal.Instant.fromEpochMilliseconds(list.lastSentMs)
      };
    },
    retriesOf: (listId, row) => entry(listId).retries.get(row) ?? 0,

    beginAttempt(begun) {
      const list = entry(begun.listId);
      // Only unfinished ids are checked: a million finished ids are not worth a set of their own.
      if (unfinished.has(begun.id)) throw new Error(`The store already has an attempt "${begun.id}" under way.`);
      if (list.states[begun.row] !== stateCodes.pending) {
        throw new Error(`Recipient ${begun.listId}#${begun.row} is not pending; it cannot be claimed.`);
      }
      const attempt = new StoredAttempt(begun);
      moveRecipient(list, begun.row, 'sending');
      let forCampaign = attemptsByCampaign.get(attempt.campaignId);
      if (forCampaign === undefined) attemptsByCampaign.set(attempt.campaignId, (forCampaign = []));
      forCampaign.push(attempt);
      unfinished.set(attempt.id, attempt);
    },
    finishAttempt(id, result) {
      const attempt = unfinished.get(id);
      if (attempt === undefined) {
        throw new Error(`No attempt "${id}" under way in the store (unknown, or already finished).`);
      }
      const list = entry(attempt.listId);
      attempt.finish(result);
      unfinished.delete(id);
      moveRecipient(list, attempt.row, recipientStateAfter[result.outcome]);
      if (result.outcome === 'retry') list.retries.set(attempt.row, (list.retries.get(attempt.row) ?? 0) + 1);
      if (result.outcome === 'sent') {
        attemptsByProviderId.set(result.providerId, attempt);
        lastSent.set(attempt.phone, attempt);
        list.firstSentMs ??= attempt.atMs;
        list.lastSentMs = attempt.atMs;
      }
    },
    attemptByProviderId: (providerId) => attemptsByProviderId.get(providerId) ?? null,
    unfinishedAttempts: () => [...unfinished.values()],
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
      // Delivery lines and campaign messages (nearly all of a big run's events) point at their
      // attempt instead of copying its fields.
      const attempt = 'providerId' in event ? attemptsByProviderId.get(event.providerId) : undefined;
      if (attempt !== undefined && attempt.phone === event.phone && attempt.listId === event.listId) {
        if (event.type === 'status') {
          timeline.push(new StoredStatus(attempt, event.status, event.errorCode, event.at.epochMilliseconds));
          return;
        }
        if (event.type === 'outbound' && event.body === attempt.body && event.at.epochMilliseconds === attempt.atMs) {
          timeline.push(new StoredOutbound(attempt, event.campaignName, event.listName));
          return;
        }
      }
      timeline.push(new StoredEvent(event));
    },
    timeline: (phone) => timeline.filter((e) => e.phone === phone) as unknown as TimelineEvent[],
    timelineEvents: () => timeline as unknown as TimelineEvent[],

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
  firstSentMs: number | null;
  lastSentMs: number | null;
  retries: Map<number, number>;
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
