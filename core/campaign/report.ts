import { ContactCounter } from './contacts.js';
import { isFinalDeliveryStatus } from './delivery-status.js';
import type { TimelineEvent } from './timeline.js';

/** What a list, or a whole campaign, did to and heard from its recipients. */
export interface Report {
  /** Campaign messages the provider took. */
  outbound: number;
  /** Of those, the ones a carrier confirmed delivered. */
  delivered: number;
  /** Refused for good by the provider, or finally undelivered/failed after being taken. */
  failed: number;
  /** Customer messages that answer a campaign message (opt-out and opt-in keywords excluded). */
  replies: number;
  /** Reply conversations: replies within 24 h of a Contact's first reply are the same Contact. */
  contacts: number;
  /** Customers who opted out after a campaign message (keyword reply, or the provider said so). */
  optOuts: number;
}

export interface Reports {
  campaigns: Map<string, Report>;
  lists: Map<string, Report>;
}

export function emptyReport(): Report {
  return { outbound: 0, delivered: 0, failed: 0, replies: 0, contacts: 0, optOuts: 0 };
}

/**
 * Reports per list and campaign from timeline events in the order they happened. Customer
 * messages count for the list their timeline event is attributed to; unattributed ones (a phone
 * no campaign ever texted) count nowhere.
 */
export function buildReports(events: Iterable<TimelineEvent>): Reports {
  const campaigns = new Map<string, Report>();
  const lists = new Map<string, Report>();
  const contacts = new ContactCounter();

  const reportOf = (map: Map<string, Report>, key: string) => {
    let report = map.get(key);
    if (report === undefined) map.set(key, (report = emptyReport()));
    return report;
  };
  // Consecutive events nearly always share their list: its two reports are kept at hand rather
  // than looked up twice per event (a million-recipient run has three million events).
  let lastCampaignId: string | null = null;
  let lastListId: string | null = null;
  let campaignReport = emptyReport();
  let listReport = emptyReport();
  const bump = (campaignId: string, listId: string, field: keyof Report) => {
    if (campaignId !== lastCampaignId || listId !== lastListId) {
      campaignReport = reportOf(campaigns, campaignId);
      listReport = reportOf(lists, listId);
      lastCampaignId = campaignId;
      lastListId = listId;
    }
    campaignReport[field] += 1;
    listReport[field] += 1;
  };

  for (const event of events) {
    switch (event.type) {
      case 'outbound':
        bump(event.campaignId, event.listId, 'outbound');
        break;
      case 'refused':
        if (event.reason !== 'opted_out') bump(event.campaignId, event.listId, 'failed');
        break;
      case 'status':
        // Statuses are recorded only when they move forward, and the final ones (delivered,
        // undelivered, failed) share the last rank: a final status is the last of its message and
        // is counted as it is seen, with no map of a million message ids to find it again.
        if (!isFinalDeliveryStatus(event.status)) break;
        if (event.status === 'delivered') bump(event.campaignId, event.listId, 'delivered');
        else bump(event.campaignId, event.listId, 'failed');
        break;
      case 'opt_out':
      case 'reply':
      case 'opt_in':
        if (event.campaignId === null || event.listId === null || event.type === 'opt_in') break;
        if (event.type === 'opt_out') {
          bump(event.campaignId, event.listId, 'optOuts');
          break;
        }
        bump(event.campaignId, event.listId, 'replies');
        if (contacts.add(event.phone, event.at.epochMilliseconds)) bump(event.campaignId, event.listId, 'contacts');
        break;
    }
  }
  return { campaigns, lists };
}
