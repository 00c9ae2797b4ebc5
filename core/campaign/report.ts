import { ContactCounter } from './contacts.js';
import { isFinalDeliveryStatus } from './delivery-status.js';
import { atMsOf } from './timeline-lines.js';
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

/**
 * The one word each count is shown with, in the CLI's day-by-day view, its report and the web
 * app alike (the JSON keeps the field names).
 */
export const reportLabels: Readonly<Record<keyof Report, string>> = {
  outbound: 'sent',
  delivered: 'delivered',
  failed: 'failed',
  replies: 'replies',
  contacts: 'contacts',
  optOuts: 'opt-outs'
};

/**
 * The count an event adds one to, or null: the one definition of every count of a Report
 * (Contacts aside, which also need the replies before them: see ContactCounter).
 */
export function countedAs(event: TimelineEvent): Exclude<keyof Report, 'contacts'> | null {
  switch (event.type) {
    case 'outbound':
      return 'outbound';
    case 'refused':
      // An opted-out phone was never going to be texted: a skip, not a failure.
      return event.reason === 'opted_out' ? null : 'failed';
    case 'status':
      // Statuses are recorded only when they move forward, and the final ones (delivered,
      // undelivered, failed) share the last rank: a final status is the last of its message and
      // is counted as it is seen, with no map of a million message ids to find it again.
      if (!isFinalDeliveryStatus(event.status)) return null;
      return event.status === 'delivered' ? 'delivered' : 'failed';
    case 'opt_out':
    case 'reply':
      // A customer message no campaign prompted counts nowhere.
      if (event.campaignId === null || event.listId === null) return null;
      return event.type === 'opt_out' ? 'optOuts' : 'replies';
    case 'opt_in':
      return null;
  }
}

/** A campaign's report per day, by the same counts: `dayOf` turns an instant (epoch ms) into its day. */
export function buildDailyReports(events: Iterable<TimelineEvent>, dayOf: (atMs: number) => number): Map<number, Report> {
  const days = new Map<number, Report>();
  const contacts = new ContactCounter();
  for (const event of events) {
    const field = countedAs(event);
    if (field === null) continue;
    const atMs = atMsOf(event);
    const day = dayOf(atMs);
    let report = days.get(day);
    if (report === undefined) days.set(day, (report = emptyReport()));
    report[field] += 1;
    if (field === 'replies' && contacts.add(event.phone, atMs)) report.contacts += 1;
  }
  return days;
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
  const counter = new ReportCounter();
  for (const event of events) counter.add(event);
  return counter.reports();
}

/** `buildReports` one event at a time: a reader may count lines as they are written instead of reading them back. */
export class ReportCounter {
  private readonly campaigns = new Map<string, Report>();
  private readonly lists = new Map<string, Report>();
  private readonly contacts = new ContactCounter();
  // Consecutive events nearly always share their list: its two reports are kept at hand rather
  // than looked up twice per event (a million-recipient run has three million events).
  private lastCampaignId: string | null = null;
  private lastListId: string | null = null;
  private campaignReport = emptyReport();
  private listReport = emptyReport();

  /** Counts the next event, in the order they happened. */
  add(event: TimelineEvent): void {
    const field = countedAs(event);
    if (field === null) return;
    const { campaignId, listId } = event as { campaignId: string; listId: string };
    this.bump(campaignId, listId, field);
    if (field === 'replies' && this.contacts.add(event.phone, atMsOf(event))) this.bump(campaignId, listId, 'contacts');
  }

  /** The reports so far (kept up to date by later `add`s). */
  reports(): Reports {
    return { campaigns: this.campaigns, lists: this.lists };
  }

  private bump(campaignId: string, listId: string, field: keyof Report): void {
    if (campaignId !== this.lastCampaignId || listId !== this.lastListId) {
      this.campaignReport = reportOf(this.campaigns, campaignId);
      this.listReport = reportOf(this.lists, listId);
      this.lastCampaignId = campaignId;
      this.lastListId = listId;
    }
    this.campaignReport[field] += 1;
    this.listReport[field] += 1;
  }
}

function reportOf(map: Map<string, Report>, key: string): Report {
  let report = map.get(key);
  if (report === undefined) map.set(key, (report = emptyReport()));
  return report;
}
