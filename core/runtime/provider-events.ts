import { classifyReply } from '../campaign/opt-out.js';
import { atMsOf, StatusLine } from '../campaign/timeline-lines.js';
import type { ProviderEvent } from '../ports/provider.js';
import type { SendAttempt, Store } from '../ports/store.js';

export interface EventContext {
  store: Store;
  halt(campaignId: string, code: string, message: string): void;
}

/**
 * Applies a delivery callback or an inbound message. Statuses only move forward and only a move
 * is written to the timeline, so repeated and late callbacks leave no trace. A customer message
 * is attributed to the latest campaign message sent to that phone, which is what lets a reply
 * count as that list's Contact; a STOP-family reply opts the phone out of every campaign.
 */
export function handleProviderEvent(event: ProviderEvent, { store, halt }: EventContext, known?: SendAttempt): void {
  if (event.type === 'status') {
    // `known`: the caller has just looked the message up.
    const attempt = known ?? store.attemptByProviderId(event.providerId);
    if (attempt === null) return;
    const moved = store.updateDelivery(event.providerId, event.status);
    if (moved !== null) {
      store.appendTimeline(
        new StatusLine(atMsOf(event), attempt.phone, attempt.campaignId, attempt.listId, event.providerId, moved, event.errorCode ?? null)
      );
    }
    if (event.errorScope === 'campaign') {
      halt(attempt.campaignId, event.errorCode ?? 'unknown', `the provider refused the campaign's configuration (error ${event.errorCode ?? 'unknown'})`);
    }
    return;
  }
  const kind = classifyReply(event.body, event.keyword);
  const last = store.lastSentTo(event.from);
  if (kind === 'opt_out') store.setOptedOut(event.from, true, event.at);
  if (kind === 'opt_in') store.setOptedOut(event.from, false, event.at);
  store.appendTimeline({
    type: kind,
    at: event.at,
    phone: event.from,
    body: event.body,
    campaignId: last?.campaignId ?? null,
    listId: last?.listId ?? null
  });
}
