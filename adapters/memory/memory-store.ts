import { Temporal } from 'temporal-polyfill';
import { advanceDeliveryStatus } from '../../core/campaign/delivery-status.js';
import { CustomerLine, StatusLine } from '../../core/campaign/timeline-lines.js';
import type { TimelineEvent } from '../../core/campaign/timeline.js';
import { compareServingOrder } from '../../core/plan/serving-order.js';
import {
  recipientStates,
  type CampaignRecord,
  type DeliveryApplied,
  type DeliveryReport,
  type ListCounts,
  type ListRecord,
  type RecipientRecord,
  type RecipientState,
  type Store
} from '../../core/ports/store.js';
import { AttemptColumns } from './stored-records.js';
import { SentByRow } from './sent-by-row.js';
import { StringIndex } from './string-index.js';
import { TakenIds } from './taken-ids.js';
import { TimelineColumns } from './timeline-columns.js';

/**
 * A Store in plain maps, for simulations and tests: synchronous inside, each method answering
 * with a settled promise (a method that throws answers with a rejected one). Records handed out
 * are copies, or frozen: the recipients of a list are kept as given and frozen when it is added,
 * so a caller must not change them afterwards.
 *
 * Recipient states sit in one byte each so a million-recipient list stays small. Attempts and
 * timeline lines are kept in columns (see stored-records.ts): a million-recipient simulation keeps
 * millions of them, and every live object is walked again by each garbage collection.
 */
export interface MemoryStoreOptions {
  /**
   * Told of each timeline line once appended, in order (it must not throw): a simulation counts
   * its report this way rather than reading a million-recipient run's three million lines back
   * (1M simulate: 11.7 → 9.9 s CPU and 990 → 716 MiB peak, means of two, against
   * buildReports(timelineEvents())).
   */
  onTimelineLine?: (event: TimelineEvent) => void;
}

export function createMemoryStore({ onTimelineLine = () => {} }: MemoryStoreOptions = {}): Store {
  const campaigns = new Map<string, CampaignRecord>();
  const lists = new Map<string, ListEntry>();
  const attempts = new AttemptColumns();
  // Keyed by strings the attempt columns hold already (see string-index.ts on why not Maps).
  const takenIds = new TakenIds((index) => attempts.idOf(index), () => attempts.size);
  const attemptByProviderId = new StringIndex((index) => attempts.providerIdOf(index));
  /** Attempts the provider took under another phone than their row's, by phone (see SentByRow). */
  const sentElsewhere = new Map<string, number[]>();
  /**
   * Attempts still `sending`, in the order begun: one or two at a time, so a scan finds one; a Map
   * churned by an insert and a delete per send reallocated its table every few sends (300k
   * simulate: 2.97 → 2.87 s CPU, mean of four).
   */
  const unfinished: number[] = [];
  /** Attempts of a deleted campaign are those before this index (a campaign re-made under its id starts afresh). */
  const firstAttemptOf = new Map<string, number>();
  /** Index `index` from one of the lookups below, unless its campaign was deleted since; else -1. */
  const live = (index: number) =>
    index < 0 || firstAttemptOf.size === 0 || index >= (firstAttemptOf.get(attempts.campaignIdOf(index)) ?? 0) ? index : -1;
  /** Delivery reports for provider ids no attempt has yet, oldest message first (see applyDelivery). */
  const earlyReports = new Map<string, DeliveryReport[]>();
  const timeline = new TimelineColumns(attempts);
  const optedOut = new Set<string>();
  const leases = new Map<string, { holder: string; untilMs: number }>();
  let revision = 0;
  let recipientTotal = 0;

  function entry(listId: string): ListEntry {
    const found = lists.get(listId);
    if (found === undefined) throw new Error(`No list "${listId}" in the store.`);
    return found;
  }

  function moveRecipient(list: ListEntry, row: number, state: RecipientState): void {
    if (!(row >= 0 && row < list.recipients.length)) throw new RangeError(`List "${list.record.id}" has no row ${row}.`);
    const from = list.states[row] as number;
    const to = stateCodes[state];
    list.counts[from] = (list.counts[from] as number) - 1;
    list.counts[to] = (list.counts[to] as number) + 1;
    list.states[row] = to;
  }

  /** Appends a line; `attempt` is the index of the attempt it is about when the caller knows it. */
  function appendLine(event: TimelineEvent, attempt = -1): void {
    // Delivery lines and campaign messages (nearly all of a big run's lines) point at their
    // attempt instead of copying its fields.
    onTimelineLine(event);
    if (!('providerId' in event)) return timeline.append(event, undefined);
    const index = attempt >= 0 ? attempt : live(attemptByProviderId.get(event.providerId));
    const about =
      index >= 0 &&
      attempts.providerIdOf(index) === event.providerId &&
      attempts.phoneOf(index) === event.phone &&
      attempts.listIdOf(index) === event.listId
        ? index
        : undefined;
    timeline.append(event, about);
  }

  /** Moves attempt `index` forward by `report`; the status it moved to, or null. */
  function deliver(index: number, report: DeliveryReport): DeliveryApplied['moved'] {
    const current = attempts.deliveryStatusOf(index);
    const next = current === null ? null : advanceDeliveryStatus(current, report.status);
    const moved = next === null || next === current ? null : next;
    if (moved !== null) {
      attempts.setDeliveryStatus(index, moved);
      appendLine(
        new StatusLine(report.atMs, attempts.phoneOf(index), attempts.campaignIdOf(index), attempts.listIdOf(index), report.providerId, moved, report.errorCode),
        index
      );
    }
    return moved;
  }

  function keepEarly(report: DeliveryReport): void {
    const waiting = earlyReports.get(report.providerId);
    if (waiting !== undefined) {
      waiting.push(report);
      return;
    }
    // Reports about messages no attempt will ever claim (another sender on the account) would pile
    // up: past the bound, the oldest message's are dropped.
    if (earlyReports.size >= maxEarlyMessages) earlyReports.delete(earlyReports.keys().next().value as string);
    earlyReports.set(report.providerId, [report]);
  }

  /** Where attempt `id` is among the unfinished, or -1. */
  function unfinishedAt(id: string): number {
    for (let i = 0; i < unfinished.length; i += 1) if (attempts.idOf(unfinished[i] as number) === id) return i;
    return -1;
  }

  /** The latest attempt the provider took for `phone`, in any list still in the store; or -1. */
  function latestSentTo(phone: string): number {
    let found = -1;
    for (const list of lists.values()) found = Math.max(found, list.sent.latestTo(phone));
    for (const index of sentElsewhere.get(phone) ?? []) found = Math.max(found, live(index));
    return found;
  }

  function holdsLease(name: string, holder: string, atMs: number): boolean {
    const lease = leases.get(name);
    return lease !== undefined && lease.holder === holder && atMs < lease.untilMs;
  }

  const store: SyncStore = {
    saveCampaign(campaign) {
      campaigns.set(campaign.id, copyCampaign(campaign));
      revision += 1;
    },
    haltCampaign(id, halted) {
      const found = campaigns.get(id);
      if (found === undefined || found.halted !== null) return false;
      campaigns.set(id, copyCampaign({ ...found, halted }));
      revision += 1;
      return true;
    },
    campaign: (id) => {
      const found = campaigns.get(id);
      return found === undefined ? null : copyCampaign(found);
    },
    campaigns: () => [...campaigns.values()].sort((a, b) => compareText(a.id, b.id)).map(copyCampaign),
    deleteCampaign(id) {
      campaigns.delete(id);
      for (const [listId, list] of lists) if (list.record.campaignId === id) lists.delete(listId);
      for (let i = unfinished.length - 1; i >= 0; i -= 1) if (attempts.isOfCampaign(unfinished[i] as number, id)) unfinished.splice(i, 1);
      // Its attempts stay in the columns (their ids stay taken), unseen: see `live`.
      firstAttemptOf.set(id, attempts.size);
      revision += 1;
    },

    addList(list, recipients) {
      if (lists.has(list.id)) throw new Error(`The store already has a list "${list.id}".`);
      const counts = recipientStates.map(() => 0);
      counts[stateCodes.pending] = recipients.length;
      // Most recipients are sent one message: size the indexes once rather than grow them by doubling.
      recipientTotal += recipients.length;
      attemptByProviderId.reserve(recipientTotal);
      const frozen = recipients.map(frozenRecipient);
      lists.set(list.id, {
        record: { ...list },
        recipients: frozen,
        sent: new SentByRow(frozen),
        states: new Uint8Array(recipients.length),
        counts,
        firstSentMs: null,
        lastSentMs: null,
        retries: new Map(),
        retriesTotal: 0
      });
      revision += 1;
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
      revision += 1;
    },

    recipients: (listId) => entry(listId).recipients.slice(),
    recipientStates: (listId) => Array.from(entry(listId).states, (code) => recipientStates[code] as RecipientState),
    listCounts(listId) {
      const list = entry(listId);
      const states = Object.fromEntries(recipientStates.map((s, i) => [s, list.counts[i]])) as ListCounts['states'];
      return {
        total: list.recipients.length,
        states,
        firstSentAt: list.firstSentMs === null ? null : Temporal.Instant.fromEpochMilliseconds(list.firstSentMs),
        lastSentAt: list.lastSentMs === null ? null : Temporal.Instant.fromEpochMilliseconds(list.lastSentMs),
        retries: list.retriesTotal
      };
    },
    retriesOf: (listId, row) => entry(listId).retries.get(row) ?? 0,

    claim(attempt, lease) {
      if (lease !== undefined && !holdsLease(lease.name, lease.holder, attempt.atMs)) return 'lease_lost';
      const list = lists.get(attempt.listId);
      if (list === undefined) return 'not_claimable';
      if (attempt.row < 0 || attempt.row >= list.recipients.length) throw new RangeError(`List "${attempt.listId}" has no row ${attempt.row}.`);
      if (takenIds.has(attempt.id)) throw new Error(`The store already has an attempt "${attempt.id}".`);
      const stoppedAt = list.record.stoppedAt;
      if (list.states[attempt.row] !== stateCodes.pending || (stoppedAt !== null && stoppedAt.epochMilliseconds <= attempt.atMs)) {
        return 'not_claimable';
      }
      if (optedOut.has(attempt.phone)) {
        moveRecipient(list, attempt.row, 'opted_out');
        return 'opted_out';
      }
      moveRecipient(list, attempt.row, 'sending');
      const index = attempts.add(attempt);
      takenIds.take(attempt.id, index);
      unfinished.push(index);
      return 'claimed';
    },
    finishAttempt(id, end) {
      const at = unfinishedAt(id);
      if (at < 0) return false;
      const index = unfinished[at] as number;
      const { result } = end;
      const list = entry(attempts.listIdOf(index));
      const row = attempts.rowOf(index);
      attempts.finish(index, result);
      unfinished.copyWithin(at, at + 1);
      unfinished.pop();
      moveRecipient(list, row, end.recipientState);
      if (result.outcome === 'retry') {
        list.retries.set(row, (list.retries.get(row) ?? 0) + 1);
        list.retriesTotal += 1;
      }
      if (result.outcome === 'sent') {
        attemptByProviderId.set(result.providerId, index);
        const phone = attempts.phoneOf(index);
        if (list.sent.isPhoneOf(row, phone)) list.sent.sent(row, index);
        else if (sentElsewhere.has(phone)) sentElsewhere.get(phone)?.push(index);
        else sentElsewhere.set(phone, [index]);
        const atMs = attempts.atMsOf(index);
        list.firstSentMs ??= atMs;
        list.lastSentMs = Math.max(list.lastSentMs ?? atMs, atMs);
      }
      if (end.timeline !== null) appendLine(end.timeline, index);
      if (end.optOutAtMs !== null) optedOut.add(attempts.phoneOf(index));
      if (result.outcome === 'sent') {
        const early = earlyReports.get(result.providerId);
        earlyReports.delete(result.providerId);
        for (const report of early ?? []) deliver(index, report);
      }
      return true;
    },
    applyDelivery(report) {
      const index = live(attemptByProviderId.get(report.providerId));
      if (index < 0) {
        keepEarly(report);
        return null;
      }
      const moved = deliver(index, report);
      return { attempt: attempts.record(index), moved };
    },
    recordInbound(report) {
      const found = latestSentTo(report.from);
      const last = found < 0 ? undefined : found;
      if (report.kind === 'opt_out') optedOut.add(report.from);
      if (report.kind === 'opt_in') optedOut.delete(report.from);
      const event = new CustomerLine(
        report.atMs,
        report.kind,
        report.from,
        report.body,
        last === undefined ? null : attempts.campaignIdOf(last),
        last === undefined ? null : attempts.listIdOf(last)
      );
      // The timeline keeps a copy (see TimelineColumns), so the line itself is the caller's value.
      appendLine(event);
      return event;
    },
    setRecipientState(listId, row, state) {
      moveRecipient(entry(listId), row, state);
    },

    attemptByProviderId: (providerId) => {
      const index = live(attemptByProviderId.get(providerId));
      return index < 0 ? null : attempts.record(index);
    },
    unfinishedAttempts: () => unfinished.map((index) => attempts.record(index)),
    attempts(campaignId) {
      const found = [];
      for (let index = firstAttemptOf.get(campaignId) ?? 0; index < attempts.size; index += 1) {
        if (attempts.isOfCampaign(index, campaignId)) found.push(attempts.record(index));
      }
      return found;
    },
    lastSentTo(phone) {
      const index = latestSentTo(phone);
      return index < 0 ? null : attempts.record(index);
    },

    appendTimeline: (event) => appendLine(event),
    timeline: (phone) => timeline.eventsOf(phone),
    timelineEvents: () => [...timeline.events()],

    setOptedOut(phone, out) {
      if (out) optedOut.add(phone);
      else optedOut.delete(phone);
    },
    isOptedOut: (phone) => optedOut.has(phone),

    acquireLease(name, holder, nowMs, ttlMs) {
      const lease = leases.get(name);
      if (lease !== undefined && lease.holder !== holder && nowMs < lease.untilMs) return false;
      leases.set(name, { holder, untilMs: nowMs + ttlMs });
      return true;
    },
    releaseLease(name, holder) {
      if (leases.get(name)?.holder === holder) leases.delete(name);
    },
    leases(prefix, nowMs) {
      return [...leases]
        .filter(([name, lease]) => name.startsWith(prefix) && lease.untilMs > nowMs)
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([name, lease]) => ({ name, holder: lease.holder, expiresAtMs: lease.untilMs }));
    },
    campaignsToSend(nowMs) {
      const ids = new Set<string>();
      for (const list of lists.values()) {
        const { record, counts } = list;
        const canSend =
          campaigns.get(record.campaignId)?.halted === null &&
          (counts[stateCodes.pending] as number) > 0 &&
          record.stoppedAt === null &&
          (record.endBefore === null || record.endBefore.epochMilliseconds > nowMs);
        if (canSend || (counts[stateCodes.sending] as number) > 0) ids.add(record.campaignId);
      }
      return [...ids].sort();
    },
    revision: () => revision
  };
  return settledPromises(store);
}

// ---------------------------------------------------------------------------------------------

/** The Store with each answer bare: what this store computes before settling a promise with it. */
type SyncStore = { [K in keyof Store]: (...args: Parameters<Store[K]>) => Awaited<ReturnType<Store[K]>> };

/** Each method's answer as a settled promise; what it throws as a rejected one. */
function settledPromises(store: SyncStore): Store {
  const wrapped: Record<string, unknown> = {};
  for (const [name, method] of Object.entries(store) as Array<[string, (...args: unknown[]) => unknown]>) {
    wrapped[name] = (...args: unknown[]) => {
      try {
        return Promise.resolve(method(...args));
      } catch (error) {
        return Promise.reject(error);
      }
    };
  }
  return wrapped as unknown as Store;
}

const stateCodes = Object.fromEntries(recipientStates.map((s, i) => [s, i])) as Record<RecipientState, number>;
const maxEarlyMessages = 10_000;

interface ListEntry {
  record: ListRecord;
  recipients: readonly RecipientRecord[];
  sent: SentByRow;
  states: Uint8Array;
  counts: number[];
  firstSentMs: number | null;
  lastSentMs: number | null;
  retries: Map<number, number>;
  retriesTotal: number;
}

/**
 * The recipient as given, frozen: the store owns it from then on, and hands it out as it is (a
 * record that refuses changes is a value). Not copied: a copy of a million-recipient list's records
 * cost its simulation 1.5 s of a 10 s budget, in collections of two million more live objects.
 */
function frozenRecipient(recipient: RecipientRecord): RecipientRecord {
  Object.freeze(recipient.variables);
  return Object.freeze(recipient);
}

/** Instants are immutable and kept as they are; the rest is copied so that no caller shares it. */
function copyCampaign(c: CampaignRecord): CampaignRecord {
  const hours = Object.fromEntries(Object.entries(c.hours).map(([day, windows]) => [day, windows.map((w) => [...w])])) as unknown as CampaignRecord['hours'];
  return { ...c, hours, rate: { ...c.rate }, halted: c.halted === null ? null : { ...c.halted } };
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function servingOrder(a: ListRecord, b: ListRecord): number {
  const key = (l: ListRecord) => ({ id: l.id, createdAtMs: l.createdAt.epochMilliseconds, startAfterMs: l.startAfter.epochMilliseconds });
  return compareServingOrder(key(a), key(b));
}
