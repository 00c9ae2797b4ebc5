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

/** One provider call (or, for an opted-out phone, none: see `setRecipientState`). */
export interface SendAttempt {
  id: string;
  campaignId: string;
  listId: string;
  row: number;
  phone: string;
  body: string;
  /** When it began, in epoch ms (a million-send run would otherwise make an Instant per send). */
  atMs: number;
  /** `sending` until finished; `retry` after a transient failure; `halted` for a campaign-scope refusal. */
  outcome: 'sending' | 'sent' | 'failed' | 'opted_out' | 'retry' | 'unknown' | 'halted';
  providerId: string | null;
  deliveryStatus: DeliveryStatus | null;
  code: string | null;
  /** For `retry`: when the recipient may be tried again, in epoch ms. */
  retryAtMs: number | null;
}

export type AttemptResult =
  | { outcome: 'sent'; providerId: string; status: DeliveryStatus }
  | { outcome: 'failed' | 'opted_out' | 'halted'; code: string }
  | { outcome: 'retry'; code: string; retryAtMs: number }
  | { outcome: 'unknown' };

/** Recipients of a list by state, and when the provider first and last took one of its messages. */
export interface ListCounts {
  total: number;
  states: Record<RecipientState, number>;
  firstSentAt: Temporal.Instant | null;
  lastSentAt: Temporal.Instant | null;
}

/**
 * Everything the runtime must remember: campaigns and their lists, each recipient's state, the
 * send log, customers' timelines and opt-outs. A store is synchronous because its two intended
 * implementations (memory, SQLite through better-sqlite3) are in-process; each method is atomic
 * on its own, so claiming a recipient and logging the attempt cannot be half done.
 *
 * Deliberately not part of this contract:
 * - several writers: one runtime owns a store at a time (a second would double-send);
 * - validation: records arrive already parsed (zod at the edges), ids unique where stated;
 * - ordering of `timeline`/`timelineEvents` other than the order events were appended (the runtime
 *   appends in clock order);
 * - durability: the memory store forgets everything when the process ends;
 * - fast timelines: the memory store scans all events for `timeline(phone)`.
 */
export interface Store {
  saveCampaign(campaign: CampaignRecord): void;
  campaign(id: string): CampaignRecord | null;
  /** Ordered by id. */
  campaigns(): CampaignRecord[];

  /** Adds a list with its recipients in file order, all pending; throws if the id is taken. */
  addList(list: ListRecord, recipients: readonly RecipientRecord[]): void;
  list(id: string): ListRecord | null;
  /** A campaign's lists in serving order: (startAfter, createdAt, id). */
  lists(campaignId: string): ListRecord[];
  /** Marks a list stopped at `at`; a list already stopped keeps its first stop. */
  stopList(id: string, at: Temporal.Instant): void;

  recipient(listId: string, row: number): RecipientRecord;
  recipientState(listId: string, row: number): RecipientState;
  /** For decisions taken without a provider call (an opted-out phone skipped). */
  setRecipientState(listId: string, row: number, state: RecipientState): void;
  listCounts(listId: string): ListCounts;
  /** Transient failures so far for this recipient, to space retries out. */
  retriesOf(listId: string, row: number): number;

  /** Logs an attempt and claims its recipient (`sending`); throws unless the recipient was pending. */
  beginAttempt(attempt: Omit<SendAttempt, 'outcome' | 'providerId' | 'deliveryStatus' | 'code' | 'retryAtMs'>): void;
  /** Records how an attempt ended and moves its recipient accordingly. */
  finishAttempt(id: string, result: AttemptResult): void;
  attemptByProviderId(providerId: string): SendAttempt | null;
  /** Attempts still `sending`: after a restart, sends whose fate must be reconciled. */
  unfinishedAttempts(): SendAttempt[];
  /** A campaign's attempts in the order they began. */
  attempts(campaignId: string): Iterable<SendAttempt>;
  /** Moves a message's delivery status forward only; returns the new status, or null if unchanged. */
  updateDelivery(providerId: string, status: DeliveryStatus): DeliveryStatus | null;
  /** The latest attempt the provider took for this phone, in any campaign. */
  lastSentTo(phone: string): SendAttempt | null;

  appendTimeline(event: TimelineEvent): void;
  timeline(phone: string): TimelineEvent[];
  timelineEvents(): Iterable<TimelineEvent>;

  setOptedOut(phone: string, optedOut: boolean, at: Temporal.Instant): void;
  isOptedOut(phone: string): boolean;
}
