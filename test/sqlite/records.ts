import { Temporal } from 'temporal-polyfill';
import type { CampaignRecord, ListRecord, NewAttempt, RecipientRecord } from '../../core/ports/store.js';

// Records for the SQLite tests that are about the file rather than the contract.

export const t0 = Temporal.Instant.from('2026-03-02T10:00:00Z').epochMilliseconds;

const day = [['09:00', '17:00']] as const;
export const campaign: CampaignRecord = {
  id: 'c1',
  name: 'Spring reminders',
  timeZone: 'America/New_York',
  hours: { mon: day, tue: day, wed: day, thu: day, fri: day, sat: [], sun: [] },
  rate: { messages: 1, perSeconds: 1 },
  dailyLimit: null,
  message: 'Hello {{name}}',
  sender: null,
  halted: null
};

/** A list of campaign "c1" that starts at t0. */
export function list(id: string): ListRecord {
  const at = Temporal.Instant.fromEpochMilliseconds(t0);
  return { id, campaignId: 'c1', fileName: `${id}.csv`, createdAt: at, startAfter: at, endBefore: null, stoppedAt: null };
}

export const phone = (row: number) => `+1555${String(1_000_000 + row)}`;

export function people(count: number): RecipientRecord[] {
  return Array.from({ length: count }, (_, i) => ({
    phone: phone(i),
    name: `Person ${i} with a name long enough to take some room`,
    timeZone: 'America/Chicago',
    variables: { name: `Person ${i}` }
  }));
}

/** An attempt at row `row` of list "l1". */
export const attempt = (id: string, row: number, atMs: number): NewAttempt => ({
  id,
  campaignId: 'c1',
  listId: 'l1',
  row,
  phone: phone(row),
  body: 'Hello',
  atMs
});
