import { Temporal } from 'temporal-polyfill';
import { advanceDeliveryStatus } from '../../core/campaign/delivery-status.js';
import { AttemptColumns, StoredAttempt } from './stored-records.js';
import { StringIndex } from './string-index.js';
import { TimelineColumns } from './timeline-columns.js';
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
 * simulation took minutes instead of seconds). Attempts and timeline lines are kept in columns,
 * and those it returns are read-only views (see stored-records.ts).
 */
export function createMemoryStore(): Store {
  const campaigns = new Map<string, CampaignRecord>();
  const lists = new Map<string, ListEntry>();
  const attempts = new AttemptColumns();
  const attemptsByProviderId = new StringIndex((index) => attempts.providerIdOf(index));
  /**
   * Attempts sent but not yet in attemptsByProviderId, in the order they were sent. A sent
   * attempt's callbacks mostly come before the next send and find it as the last one looked up;
   * only a lookup that misses it brings the index up to date. A simulation whose callbacks all
   * come at once never pays for a million inserts into a table too big for the cache.
   */
  const sentSinceIndexed: number[] = [];
  /**
   * Indices of attempts still `sending`, in the order they began: one or two at a time, so a list
   * searched by id (a Map emptied after every send reallocates its table each time).
   */
  const unfinished: number[] = [];
  const unfinishedPosition = (id: string) => unfinished.findIndex((index) => attempts.idOf(index) === id);
  /** The latest attempt the provider took, by phone. */
  const lastSent = new StringIndex((index) => attempts.phoneOf(index));
  let recipientTotal = 0;
  const timeline = new TimelineColumns(attempts);
  const optedOut = new Set<string>();
  // Callbacks about a message come in twos and threes and each is looked up several times: the
  // last id asked about is remembered (hit or miss) rather than hashed into a million-entry map.
  let lookedUpId: string | null = null;
  let lookedUpIndex: number | undefined;

  function indexOfProviderId(providerId: string): number | undefined {
    if (providerId !== lookedUpId) {
      for (const sent of sentSinceIndexed) attemptsByProviderId.set(attempts.providerIdOf(sent) as string, sent);
      sentSinceIndexed.length = 0;
      const index = attemptsByProviderId.get(providerId);
      lookedUpIndex = index < 0 ? undefined : index;
      lookedUpId = providerId;
    }
    return lookedUpIndex;
  }

  const view = (index: number | undefined) => (index === undefined ? null : new StoredAttempt(attempts, index));

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
      // Most recipients are sent one message: size the indexes once rather than grow them by doubling.
      recipientTotal += recipients.length;
      attemptsByProviderId.reserve(recipientTotal);
      lastSent.reserve(recipientTotal);
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
      if (unfinishedPosition(begun.id) >= 0) throw new Error(`The store already has an attempt "${begun.id}" under way.`);
      if (list.states[begun.row] !== stateCodes.pending) {
        throw new Error(`Recipient ${begun.listId}#${begun.row} is not pending; it cannot be claimed.`);
      }
      moveRecipient(list, begun.row, 'sending');
      unfinished.push(attempts.add(begun));
    },
    finishAttempt(id, result) {
      const position = unfinishedPosition(id);
      const index = unfinished[position];
      if (index === undefined) {
        throw new Error(`No attempt "${id}" under way in the store (unknown, or already finished).`);
      }
      const list = entry(attempts.listIdOf(index));
      const row = attempts.rowOf(index);
      attempts.finish(index, result);
      unfinished.splice(position, 1);
      moveRecipient(list, row, recipientStateAfter[result.outcome]);
      if (result.outcome === 'retry') list.retries.set(row, (list.retries.get(row) ?? 0) + 1);
      if (result.outcome === 'sent') {
        sentSinceIndexed.push(index);
        // Its delivery callbacks are what is looked up next.
        lookedUpId = result.providerId;
        lookedUpIndex = index;
        lastSent.set(attempts.phoneOf(index), index);
        const atMs = attempts.atMsOf(index);
        list.firstSentMs ??= atMs;
        list.lastSentMs = atMs;
      }
    },
    attemptByProviderId: (providerId) => view(indexOfProviderId(providerId)),
    unfinishedAttempts: () => unfinished.map((index) => new StoredAttempt(attempts, index)),
    *attempts(campaignId) {
      for (let index = 0; index < attempts.size; index += 1) {
        if (attempts.isOfCampaign(index, campaignId)) yield new StoredAttempt(attempts, index);
      }
    },
    updateDelivery(providerId, status) {
      const index = indexOfProviderId(providerId);
      const current = index === undefined ? null : attempts.deliveryStatusOf(index);
      if (index === undefined || current === null) return null;
      const next = advanceDeliveryStatus(current, status);
      if (next === current) return null;
      attempts.setDeliveryStatus(index, next);
      return next;
    },
    lastSentTo(phone) {
      const index = lastSent.get(phone);
      return index < 0 ? null : new StoredAttempt(attempts, index);
    },

    appendTimeline(event) {
      // Delivery lines and campaign messages (nearly all of a big run's events) point at their
      // attempt instead of copying its fields.
      const index = 'providerId' in event ? indexOfProviderId(event.providerId) : undefined;
      const about =
        index !== undefined && attempts.phoneOf(index) === event.phone && attempts.listIdOf(index) === event.listId ? index : undefined;
      timeline.append(event, about);
    },
    timeline: (phone) => timeline.eventsOf(phone),
    timelineEvents: () => timeline.events(),

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
