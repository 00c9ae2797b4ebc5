import { Temporal } from 'temporal-polyfill';
import { parseScenario, type Scenario } from '../../core/index.js';

export interface CampaignNowOptions {
  recipients: number;
  perSecond: number;
  dailyLimit?: number | null;
  listId?: string;
}

/**
 * A scenario file's JSON for a campaign the real clock can finish in seconds: open all day, every
 * day, in a zone where it is around noon now (no local midnight resets the daily count during a
 * test), `perSecond` sends a second, its one list started a minute ago.
 */
export function campaignJsonNow(options: CampaignNowOptions) {
  const now = Temporal.Now.instant();
  const aMinuteAgo = now.subtract({ minutes: 1 }).toString();
  const allDay = [['00:00', '24:00']];
  return {
    campaign: {
      name: 'Test campaign',
      timeZone: noonZone(now),
      hours: { mon: allDay, tue: allDay, wed: allDay, thu: allDay, fri: allDay, sat: allDay, sun: allDay },
      rate: { messages: options.perSecond, perSeconds: 1 },
      dailyLimit: options.dailyLimit ?? null,
      message: 'Hello {{name}}, your order is ready.'
    },
    lists: [
      {
        id: options.listId ?? 'now',
        fileName: 'now.csv',
        createdAt: aMinuteAgo,
        startAfter: aMinuteAgo,
        endBefore: null,
        recipients: Array.from({ length: options.recipients }, (_, row) => ({ phone: phoneOf(row), name: `P${row}` }))
      }
    ]
  };
}

export function campaignNow(options: CampaignNowOptions): Scenario {
  return parseScenario(campaignJsonNow(options));
}

/** The phone of row `row` (unique up to a million rows). */
export function phoneOf(row: number): string {
  return `+1646${2_000_000 + row}`;
}

/** An `Etc/GMT±h` zone whose local time is between 10:00 and 14:00 at `now`. */
export function noonZone(now: Temporal.Instant): string {
  const utcHour = now.toZonedDateTimeISO('UTC').hour;
  const offset = Math.max(-12, Math.min(14, 12 - utcHour));
  // Etc/GMT zones carry the POSIX sign: Etc/GMT-3 is three hours ahead of UTC.
  return offset === 0 ? 'Etc/UTC' : `Etc/GMT${offset > 0 ? '-' : '+'}${Math.abs(offset)}`;
}
