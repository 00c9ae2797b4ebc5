import { Temporal } from 'temporal-polyfill';
import { hoursColumn, timelineDataColumn } from '../sql/json-columns.js';
import { z } from 'zod';
import type { TimelineEvent } from '../../core/campaign/timeline.js';
import { OutboundLine, StatusLine } from '../../core/campaign/timeline-lines.js';
import { deliveryStatuses } from '../../core/ports/provider.js';
import {
  recipientStates,
  type CampaignRecord,
  type ListCounts,
  type ListRecord,
  type RecipientRecord,
  type SendAttempt
} from '../../core/ports/store.js';

// Rows as they come back from PostgreSQL, checked before they become records: a row may have been
// written by an older version of this code, or by hand. Checked for shape only; the rules were
// checked on the way in. node-postgres gives bigint columns as strings (a bigint may not fit a
// JavaScript number); instants in epoch ms always fit, and are turned into numbers here.

export const epochMs = z.union([z.number().int(), z.string().regex(/^-?\d+$/).transform(Number)]);
const text = z.string();
const outcomes = ['sending', 'sent', 'failed', 'opted_out', 'retry', 'unknown', 'halted'] as const satisfies readonly SendAttempt['outcome'][];

const campaignRow = z.object({
  id: text,
  name: text,
  time_zone: text,
  hours_json: hoursColumn,
  rate_messages: z.number(),
  rate_per_seconds: z.number(),
  daily_limit: z.number().int().nullable(),
  message: text,
  sender: text.nullable(),
  halted_at_ms: epochMs.nullable(),
  halted_code: text.nullable(),
  halted_message: text.nullable()
});

const listRow = z.object({
  id: text,
  campaign_id: text,
  file_name: text.nullable(),
  created_at_ms: epochMs,
  start_after_ms: epochMs,
  end_before_ms: epochMs.nullable(),
  stopped_at_ms: epochMs.nullable()
});

const countsRow = z.object({
  total: z.number().int(),
  n_pending: z.number().int(),
  n_sending: z.number().int(),
  n_sent: z.number().int(),
  n_failed: z.number().int(),
  n_opted_out: z.number().int(),
  n_unknown: z.number().int(),
  first_sent_ms: epochMs.nullable(),
  last_sent_ms: epochMs.nullable(),
  retries: z.number().int()
});

const recipientRow = z.object({
  phone: text,
  name: text.nullable(),
  time_zone: text,
  variables_json: z.record(text, text)
});

export const recipientStateColumn = z.enum(recipientStates);

const attemptRow = z.object({
  id: text,
  campaign_id: text,
  list_id: text,
  row: z.number().int(),
  phone: text,
  body: text,
  at_ms: epochMs,
  outcome: z.enum(outcomes),
  provider_id: text.nullable(),
  delivery_status: z.enum(deliveryStatuses).nullable(),
  code: text.nullable(),
  retry_at_ms: epochMs.nullable()
});
export type AttemptRow = z.output<typeof attemptRow>;

/** What the send functions of migration 004 answer. */
export const claimRow = z.object({ claim: z.enum(['claimed', 'opted_out', 'not_claimable', 'lease_lost', 'no_such_row', 'attempt_exists']) });
export const finishedRow = z.object({ finished: z.boolean() });
export const appliedDeliveryRow = attemptRow.extend({ moved: z.enum(deliveryStatuses).nullable() });

const timelineBase = { seq: epochMs, phone: text, at_ms: epochMs };
const about = { campaign_id: text, list_id: text };
const customerAbout = { campaign_id: text.nullable(), list_id: text.nullable() };
const timelineRow = z.discriminatedUnion('type', [
  z.object({
    ...timelineBase,
    ...about,
    type: z.literal('outbound'),
    data_json: timelineDataColumn.outbound
  }),
  z.object({ ...timelineBase, ...about, type: z.literal('refused'), data_json: timelineDataColumn.refused }),
  z.object({
    ...timelineBase,
    ...about,
    type: z.literal('status'),
    data_json: timelineDataColumn.status
  }),
  z.object({ ...timelineBase, ...customerAbout, type: z.enum(['reply', 'opt_out', 'opt_in']), data_json: timelineDataColumn.customer })
]);

/** What `lockRecipient` reads: the recipient's state, its list's stop, whether the phone is opted out. */
export const lockedRecipientRow = z.object({ state: recipientStateColumn, stopped_at_ms: epochMs.nullable(), opted_out: z.boolean() });
export type LockedRecipient = z.output<typeof lockedRecipientRow>;

export const leaseRow = z.object({ holder: text, expires_at_ms: epochMs });
export const namedLeaseRow = leaseRow.extend({ name: text });
export const idRow = z.object({ id: text });

/**
 * The columns a query selects to read `schema`'s rows, named (never `*`): a statement prepared
 * before a migration added a column keeps reading what it read.
 */
function columnsOf(schema: z.ZodObject): string {
  return Object.keys(schema.shape).join(', ');
}
export const campaignColumns = columnsOf(campaignRow);
export const listColumns = columnsOf(listRow);
export const countsColumns = columnsOf(countsRow);
export const attemptColumns = columnsOf(attemptRow);
export const timelineColumns = 'seq, phone, at_ms, type, campaign_id, list_id, data_json';

/** Checks a row, naming the table, the row and the column when it does not hold what it should. */
export function parseRow<T>(schema: z.ZodType<T>, row: unknown, where: string): T {
  const parsed = schema.safeParse(row);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  throw new Error(`${where}${issue ? `.${issue.path.join('.')}: ${issue.message}` : ' is not as expected'} (read back from PostgreSQL).`);
}

const instantOf = (ms: number) => Temporal.Instant.fromEpochMilliseconds(ms);
const instantOrNull = (ms: number | null) => (ms === null ? null : instantOf(ms));
export const msOrNull = (instant: Temporal.Instant | null) => (instant === null ? null : instant.epochMilliseconds);

export function campaignOf(row: unknown): CampaignRecord {
  const r = parseRow(campaignRow, row, `campaigns[${keyOf(row, 'id')}]`);
  return {
    id: r.id,
    name: r.name,
    timeZone: r.time_zone,
    hours: r.hours_json,
    rate: { messages: r.rate_messages, perSeconds: r.rate_per_seconds },
    dailyLimit: r.daily_limit,
    message: r.message,
    sender: r.sender,
    halted: r.halted_at_ms === null ? null : { at: instantOf(r.halted_at_ms), code: r.halted_code ?? '', message: r.halted_message ?? '' }
  };
}

export function listOf(row: unknown): ListRecord {
  const r = parseRow(listRow, row, `lists[${keyOf(row, 'id')}]`);
  return {
    id: r.id,
    campaignId: r.campaign_id,
    fileName: r.file_name,
    createdAt: instantOf(r.created_at_ms),
    startAfter: instantOf(r.start_after_ms),
    endBefore: instantOrNull(r.end_before_ms),
    stoppedAt: instantOrNull(r.stopped_at_ms)
  };
}

export function countsOf(row: unknown, listId: string): ListCounts {
  const r = parseRow(countsRow, row, `lists["${listId}"]`);
  return {
    total: r.total,
    states: {
      pending: r.n_pending,
      sending: r.n_sending,
      sent: r.n_sent,
      failed: r.n_failed,
      opted_out: r.n_opted_out,
      unknown: r.n_unknown
    },
    firstSentAt: instantOrNull(r.first_sent_ms),
    lastSentAt: instantOrNull(r.last_sent_ms),
    retries: r.retries
  };
}

export function recipientOf(row: unknown, listId: string, index: number): RecipientRecord {
  const r = parseRow(recipientRow, row, `recipients["${listId}"#${index}]`);
  return { phone: r.phone, name: r.name, timeZone: r.time_zone, variables: r.variables_json };
}

export function attemptRowOf(row: unknown): AttemptRow {
  return parseRow(attemptRow, row, `attempts[${keyOf(row, 'id')}]`);
}

export function attemptOf(r: AttemptRow): SendAttempt {
  return {
    id: r.id,
    campaignId: r.campaign_id,
    listId: r.list_id,
    row: r.row,
    phone: r.phone,
    body: r.body,
    atMs: r.at_ms,
    outcome: r.outcome,
    providerId: r.provider_id,
    deliveryStatus: r.delivery_status,
    code: r.code,
    retryAtMs: r.retry_at_ms
  };
}

export function timelineEventOf(row: unknown): TimelineEvent {
  const r = parseRow(timelineRow, row, `timeline[${keyOf(row, 'seq')}]`);
  switch (r.type) {
    case 'outbound':
      return new OutboundLine(r.at_ms, r.phone, r.campaign_id, r.data_json.campaignName, r.list_id, r.data_json.listName, r.data_json.body, r.data_json.providerId);
    case 'status':
      return new StatusLine(r.at_ms, r.phone, r.campaign_id, r.list_id, r.data_json.providerId, r.data_json.status, r.data_json.errorCode);
    case 'refused':
      return { type: 'refused', at: instantOf(r.at_ms), phone: r.phone, campaignId: r.campaign_id, listId: r.list_id, reason: r.data_json.reason, code: r.data_json.code };
    case 'reply':
    case 'opt_out':
    case 'opt_in':
      return { type: r.type, at: instantOf(r.at_ms), phone: r.phone, campaignId: r.campaign_id, listId: r.list_id, body: r.data_json.body };
  }
}

/** A row's key as its message names it: a text id quoted, a sequence number as it is. */
function keyOf(row: unknown, column: string): string {
  const key = typeof row === 'object' && row !== null ? (row as Record<string, unknown>)[column] : undefined;
  return column === 'seq' ? String(key) : JSON.stringify(key ?? null);
}
