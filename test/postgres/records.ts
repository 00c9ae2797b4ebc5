import { Temporal } from 'temporal-polyfill';
import type { CampaignRecord, ListRecord } from '../../core/ports/store.js';

// Records the PostgreSQL-only tests start from (the contract suite has its own).

const weekdays = [['09:00', '17:00']] as const;

/** Campaign `id`: weekdays 9 to 5 in UTC, 8 a minute, no daily limit. */
export function campaignRecord(id: string): CampaignRecord {
  return {
    id,
    name: `Campaign ${id}`,
    timeZone: 'UTC',
    hours: { mon: weekdays, tue: weekdays, wed: weekdays, thu: weekdays, fri: weekdays, sat: [], sun: [] },
    rate: { messages: 8, perSeconds: 60 },
    dailyLimit: null,
    message: 'Hi {{name}}',
    sender: null,
    halted: null
  };
}

/** List `id` of campaign `campaignId`, open from 2026-03-01T08:00Z with no end. */
export function listRecord(id: string, campaignId: string): ListRecord {
  const at = Temporal.Instant.from('2026-03-01T08:00:00Z');
  return { id, campaignId, fileName: `${id}.csv`, createdAt: at, startAfter: at, endBefore: null, stoppedAt: null };
}

/** The phone of row `i` in these tests' lists. */
export const phoneOf = (i: number) => `+1555${String(i).padStart(7, '0')}`;
