import type { Temporal } from 'temporal-polyfill';
import type { TimelineEvent } from '../campaign/timeline.js';
import type { WeeklyHours } from '../schedule/hours.js';
import type { DeliveryStatus } from './provider.js';

/** A campaign's settings as the runtime reads them; saved again whole when an administrator edits. */
export interface CampaignRecord {
  id: string;
  name: string;
  timeZone: string;
  hours: WeeklyHours;
  rate: { messages: number; perSeconds: number };
  dailyLimit: number | null;
  /** The template; `{{name}}` and the list's other columns are filled per recipient. */
  message: string;
  /** Who messages come from: a Messaging Service SID (`MG…`) or an E.164 number; null: the provider's configured default. */
  sender: string | null;
  /** Set when the provider refused the campaign's own configuration: nothing is sent until cleared. */
  halted: { at: Temporal.Instant; code: string; message: string } | null;
}

export interface ListRecord {
  id: string;
  campaignId: string;
  fileName: string | null;
  createdAt: Temporal.Instant;
  startAfter: Temporal.Instant;
  endBefore: Temporal.Instant | null;
  stoppedAt: Temporal.Instant | null;
}

export interface RecipientRecord {
  /** E.164. */
  phone: string;
  name: string | null;
  /** IANA zone, already resolved (the recipient's own, else the campaign's). */
  timeZone: string;
  variables: Readonly<Record<string, string>>;
}

/**
 * Where a recipient of a list stands:
 * - `pending`: still to be texted (including after a transient failure);
 * - `sending`: claimed, the provider call under way — after a crash this means "maybe sent";
 * - `sent`: the provider took it (delivery progress is on the attempt);
 * - `failed`: refused for good, or retried too often;
 * - `opted_out`: skipped, or refused by the provider, because the phone opted out;
 * - `unknown`: the outcome could not be learnt; never re-sent blindly.
 */
export type RecipientState = 'pending' | 'sending' | 'sent' | 'failed' | 'opted_out' | 'unknown';
export const recipientStates = ['pending', 'sending', 'sent', 'failed', 'opted_out', 'unknown'] as const satisfies readonly RecipientState[];

/** One provider call, as the send log keeps it. */
export interface SendAttempt {
  id: string;
  campaignId: string;
  listId: string;
  row: number;
  phone: string;
  body: string;
  /** When it began (the claim), in epoch ms. */
  atMs: number;
  /** `sending` until finished; `retry` after a transient failure; `halted` for a campaign-scope refusal. */
  outcome: 'sending' | 'sent' | 'failed' | 'opted_out' | 'retry' | 'unknown' | 'halted';
  providerId: string | null;
  deliveryStatus: DeliveryStatus | null;
  code: string | null;
  /** For `retry`: when the recipient may be tried again, in epoch ms. */
  retryAtMs: number | null;
}

/** What `claim` logs: an attempt before its outcome. */
export type NewAttempt = Pick<SendAttempt, 'id' | 'campaignId' | 'listId' | 'row' | 'phone' | 'body' | 'atMs'>;

export type AttemptResult =
  | { outcome: 'sent'; providerId: string; status: DeliveryStatus }
  | { outcome: 'failed' | 'opted_out' | 'halted'; code: string }
  | { outcome: 'retry'; code: string; retryAtMs: number }
  | { outcome: 'unknown' };

/**
 * Everything that changes when an attempt ends, written together. The runtime decides it (the
 * rules live in core); a store only writes it.
 */
export interface AttemptEnd {
  result: AttemptResult;
  /** Where the recipient goes: core's `recipientStateAfter(result)`. */
  recipientState: RecipientState;
  /** A timeline line to append with it (the outbound message, or the refusal). */
  timeline: TimelineEvent | null;
  /** The provider said this phone opted out: record it for every campaign, from this instant. */
  optOutAtMs: number | null;
}

/** The lease a claim must hold (a worker's lease on the campaign), checked in the claim's own transaction. */
export interface LeaseHold {
  name: string;
  holder: string;
}

/** A lease as the lease table has it. */
export interface LeaseRecord {
  name: string;
  holder: string;
  /** Held until this instant (epoch ms) unless renewed. */
  expiresAtMs: number;
}

export type ClaimResult =
  /** The recipient is now `sending` and the attempt logged: call the provider. */
  | 'claimed'
  /** The phone is opted out: the recipient was moved to `opted_out`, nothing logged. */
  | 'opted_out'
  /**
   * Someone else handled the recipient (not pending), its list was stopped at or before the claim,
   * or the list is gone (its campaign deleted while the runtime still planned it).
   */
  | 'not_claimable'
  /** The lease named in the claim is not held by its holder at the claim's instant. */
  | 'lease_lost';

/** Recipients of a list by state, and when the provider first and last took one of its messages. */
export interface ListCounts {
  total: number;
  states: Record<RecipientState, number>;
  firstSentAt: Temporal.Instant | null;
  lastSentAt: Temporal.Instant | null;
  /** Transient failures logged for the list's recipients, all together. */
  retries: number;
}

/** A delivery callback, as the store applies it. */
export interface DeliveryReport {
  providerId: string;
  status: DeliveryStatus;
  atMs: number;
  errorCode: string | null;
}

/** What a delivery report did: the attempt it concerns and the status it moved to (null: no move). */
export interface DeliveryApplied {
  attempt: SendAttempt;
  moved: DeliveryStatus | null;
}

/** A customer's message, classified by core (`classifyReply`). */
export interface InboundReport {
  from: string;
  body: string;
  atMs: number;
  kind: 'reply' | 'opt_out' | 'opt_in';
}

/**
 * Everything the runtime must remember: campaigns and their lists, each recipient's state, the
 * send log, customers' timelines, opt-outs, and who may send. Every method answers with a promise
 * so that a networked database can implement it; in-process stores (memory, SQLite through
 * better-sqlite3) do the work synchronously and return a settled promise.
 *
 * Each method is atomic on its own. The send protocol rests on three of them: `claim` is durable
 * before the provider is called, `finishAttempt` records the outcome after, `applyDelivery`
 * moves a message forward. A crash between any two leaves a state the runtime can reconcile.
 *
 * Records returned are values: changing one changes nothing in the store, and later writes do not
 * show through it.
 *
 * Deliberately not part of this contract:
 * - validation: records arrive already parsed (zod at the edges), ids unique where stated;
 * - deciding anything: where a recipient goes after an outcome, whether a reply opts out, what a
 *   timeline line says, are core's rules, given to the store already decided;
 * - ordering of timelines other than the order lines were appended in;
 * - durability: the memory store forgets everything when the process ends;
 * - notifications: a store says that campaigns or lists changed through `revision()`, which a
 *   reader polls; one that can call back sooner offers `StoreChanges` beside it.
 */
export interface Store {
  saveCampaign(campaign: CampaignRecord): Promise<void>;
  campaign(id: string): Promise<CampaignRecord | null>;
  /** Ordered by id. */
  campaigns(): Promise<CampaignRecord[]>;
  /**
   * Halts a campaign, writing only its `halted` (an administrator's edit saved meanwhile is kept),
   * unless it is halted already or gone: then false, and the halt recorded first stays.
   */
  haltCampaign(id: string, halted: NonNullable<CampaignRecord['halted']>): Promise<boolean>;
  /** Removes a campaign with its lists, recipients and send log; timelines and opt-outs stay. */
  deleteCampaign(id: string): Promise<void>;

  /** Adds a list with its recipients in file order, all pending; rejects if the id is taken. */
  addList(list: ListRecord, recipients: readonly RecipientRecord[]): Promise<void>;
  list(id: string): Promise<ListRecord | null>;
  /** A campaign's lists in serving order: (startAfter, createdAt, id). */
  lists(campaignId: string): Promise<ListRecord[]>;
  /** Marks a list stopped at `at`; a list already stopped keeps its first stop. */
  stopList(id: string, at: Temporal.Instant): Promise<void>;

  /** A list's recipients in file order (row i at index i). */
  recipients(listId: string): Promise<RecipientRecord[]>;
  /** Each recipient's state, row i at index i. */
  recipientStates(listId: string): Promise<RecipientState[]>;
  listCounts(listId: string): Promise<ListCounts>;
  /** Transient failures so far for this recipient, to space retries out. */
  retriesOf(listId: string, row: number): Promise<number>;

  /**
   * In one transaction: unless `lease` is given and not held at `attempt.atMs`; unless the
   * recipient is pending and its list not stopped at or before `attempt.atMs` — if the phone is
   * opted out, moves the recipient to `opted_out`; otherwise moves it to `sending` and logs the
   * attempt. Rejects if the attempt id is taken.
   */
  claim(attempt: NewAttempt, lease?: LeaseHold): Promise<ClaimResult>;
  /**
   * In one transaction: records how a `sending` attempt ended, moves its recipient, appends the
   * timeline line, records the opt-out, and applies delivery reports that came for its provider id
   * before it was known (see `applyDelivery`). Answers false, writing nothing, when no such
   * attempt is `sending`: a worker that took the lease over settled it, or its campaign was
   * deleted meanwhile. That is not an error the sender should die of.
   */
  finishAttempt(id: string, end: AttemptEnd): Promise<boolean>;
  /**
   * In one transaction: moves a message's delivery status forward only (core's
   * `advanceDeliveryStatus`) and, when it moved, appends a `status` line to the timeline. A report
   * for a provider id no attempt has yet is kept and applied when an attempt finishes `sent` with
   * that id (the callback overtook the send's response, or another process has not committed it
   * yet); then the answer is null.
   */
  applyDelivery(report: DeliveryReport): Promise<DeliveryApplied | null>;
  /**
   * In one transaction: attributes a customer message to the latest attempt the provider took for
   * that phone (any campaign), records an opt-out or opt-in, appends the timeline line. Returns it.
   */
  recordInbound(report: InboundReport): Promise<TimelineEvent>;
  /** Sets a recipient's state outside the send protocol (an administrator resolving `unknown`). */
  setRecipientState(listId: string, row: number, state: RecipientState): Promise<void>;

  attemptByProviderId(providerId: string): Promise<SendAttempt | null>;
  /** Attempts still `sending`: after a restart, sends whose fate must be reconciled. */
  unfinishedAttempts(): Promise<SendAttempt[]>;
  /** A campaign's attempts in the order they began: the throttle and daily counts come from these. */
  attempts(campaignId: string): Promise<SendAttempt[]>;
  /** The latest attempt the provider took for this phone, in any campaign. */
  lastSentTo(phone: string): Promise<SendAttempt | null>;

  /** Appends a line to a customer's timeline outside the send protocol. */
  appendTimeline(event: TimelineEvent): Promise<void>;
  timeline(phone: string): Promise<TimelineEvent[]>;
  /** Every timeline line, in the order appended. */
  timelineEvents(): Promise<TimelineEvent[]>;

  setOptedOut(phone: string, optedOut: boolean, at: Temporal.Instant): Promise<void>;
  isOptedOut(phone: string): Promise<boolean>;

  /**
   * Takes or renews the lease `name` for `holder` until `nowMs + ttlMs`: true when `holder` has it
   * afterwards (it was free, expired, or already its own).
   */
  acquireLease(name: string, holder: string, nowMs: number, ttlMs: number): Promise<boolean>;
  /** Gives the lease up, if `holder` has it. */
  releaseLease(name: string, holder: string): Promise<void>;
  /** The leases whose name starts with `prefix` and that are still held at `nowMs`, ordered by name. */
  leases(prefix: string, nowMs: number): Promise<LeaseRecord[]>;
  /**
   * Ids of the campaigns a worker should be sending, ordered by id: those with a list that can
   * still send at or after `nowMs` (not stopped, its end not passed, a recipient pending) unless
   * the campaign is halted, and those with an attempt still `sending` (a crash's, to reconcile)
   * whatever their state. A cheap read: workers ask it every few seconds.
   */
  campaignsToSend(nowMs: number): Promise<string[]>;
  /**
   * A number that changes whenever a campaign or a list is saved, added, stopped or deleted, by any
   * process sharing the store: a worker polls it to notice the web app's changes.
   */
  revision(): Promise<number>;
}

/**
 * A store that can say, sooner than a poll of `revision()` would notice, that campaigns or lists
 * changed (PostgreSQL's LISTEN/NOTIFY). A hint only: a listener reads `revision()` to know what
 * changed, and a reader keeps polling, slowly, for the notices a dropped connection lost.
 */
export interface StoreChanges {
  /** Calls `listener` after each change; resolves once listening, with the way to stop. */
  subscribe(listener: () => void): Promise<() => Promise<void>>;
}
