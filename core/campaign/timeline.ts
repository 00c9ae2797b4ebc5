import type { Temporal } from 'temporal-polyfill';
import type { DeliveryStatus } from '../ports/provider.js';

/**
 * One line of a customer's conversation (keyed by phone). Customer messages carry the campaign
 * and list of the latest campaign message sent to that phone before them (null when none was),
 * which is what makes a reply count for a list in reports.
 */
export type TimelineEvent =
  | OutboundEvent
  | RefusedEvent
  | StatusEvent
  | CustomerEvent;

interface Base {
  at: Temporal.Instant;
  /**
   * The same instant in epoch ms, when the event was made from one (see timeline-lines.ts):
   * readers that compute with it take this (`atMsOf`), so that `at` may never have to be made.
   */
  readonly atMs?: number;
  phone: string;
}

/** The campaign message as sent: rendered body, where it came from. */
export interface OutboundEvent extends Base {
  type: 'outbound';
  campaignId: string;
  campaignName: string;
  listId: string;
  listName: string;
  body: string;
  providerId: string;
}

/** The provider refused the message for this recipient for good (invalid number, unsubscribed…). */
export interface RefusedEvent extends Base {
  type: 'refused';
  campaignId: string;
  listId: string;
  reason: string;
  code: string;
}

/** A delivery status that moved the message forward (repeats and late callbacks are not events). */
export interface StatusEvent extends Base {
  type: 'status';
  campaignId: string;
  listId: string;
  providerId: string;
  status: DeliveryStatus;
  errorCode: string | null;
}

export interface Attribution {
  campaignId: string | null;
  listId: string | null;
}

/** What the customer sent, or an opt-out/opt-in (by keyword or reported by the provider). */
export interface CustomerEvent extends Base, Attribution {
  type: 'reply' | 'opt_out' | 'opt_in';
  body: string;
}

/** An event as the `simulate --json` contract prints it: the instant as a UTC `…Z` string first. */
export function timelineEventJson(event: TimelineEvent): Record<string, unknown> {
  const base = { at: event.at.toString(), type: event.type, phone: event.phone };
  switch (event.type) {
    case 'outbound':
      return {
        ...base,
        campaignId: event.campaignId,
        campaignName: event.campaignName,
        listId: event.listId,
        listName: event.listName,
        body: event.body,
        providerId: event.providerId
      };
    case 'refused':
      return { ...base, campaignId: event.campaignId, listId: event.listId, reason: event.reason, code: event.code };
    case 'status':
      return {
        ...base,
        campaignId: event.campaignId,
        listId: event.listId,
        providerId: event.providerId,
        status: event.status,
        errorCode: event.errorCode
      };
    case 'reply':
    case 'opt_out':
    case 'opt_in':
      return { ...base, campaignId: event.campaignId, listId: event.listId, body: event.body };
  }
}

// Within one instant: the message, then what the provider said of it, then what the customer said.
const causalRank: Record<TimelineEvent['type'], number> = { outbound: 0, refused: 0, status: 1, reply: 2, opt_out: 2, opt_in: 2 };

/**
 * Events as a person reads a conversation: by instant, and at one instant the message before its
 * statuses before the customer's answer. A provider may report a reply before the runtime has
 * recorded the send it answers; this order does not depend on which was recorded first.
 * Stable: events already in order stay as they are.
 */
export function inCausalOrder(events: readonly TimelineEvent[]): TimelineEvent[] {
  return events
    .map((event, index) => ({ event, index, atMs: event.at.epochMilliseconds }))
    .sort((a, b) => a.atMs - b.atMs || causalRank[a.event.type] - causalRank[b.event.type] || a.index - b.index)
    .map(({ event }) => event);
}
