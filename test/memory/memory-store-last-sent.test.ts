import { Temporal } from 'temporal-polyfill';
import { describe, expect, it } from 'vitest';
import { createMemoryStore } from '../../adapters/memory/memory-store.js';
import type { AttemptEnd, CampaignRecord, ListRecord, Store } from '../../core/ports/store.js';

// What the memory store keeps per list row (see sent-by-row.ts), seen through lastSentTo in the
// cases the runtime never makes: an attempt logged under another phone than its row's, a deleted campaign.
const at = Temporal.Instant.from('2026-03-02T10:00:00Z');
const day = [['09:00', '17:00']] as const;
const campaign = (id: string): CampaignRecord => ({
  id,
  name: id,
  timeZone: 'UTC',
  hours: { mon: day, tue: day, wed: day, thu: day, fri: day, sat: day, sun: day },
  rate: { messages: 1, perSeconds: 1 },
  dailyLimit: null,
  message: 'Hello',
  sender: null,
  halted: null
});
const list = (id: string, campaignId: string): ListRecord => ({ id, campaignId, fileName: null, createdAt: at, startAfter: at, endBefore: null, stoppedAt: null });
const sent = (providerId: string): AttemptEnd => ({ result: { outcome: 'sent', providerId, status: 'queued' }, recipientState: 'sent', timeline: null, optOutAtMs: null });

async function send(store: Store, id: string, campaignId: string, listId: string, row: number, phone: string): Promise<void> {
  expect(await store.claim({ id, campaignId, listId, row, phone, body: 'Hello', atMs: at.epochMilliseconds })).toBe('claimed');
  await store.finishAttempt(id, sent(`SM-${id}`));
}

describe('the last message the memory store sent to a phone', () => {
  it("is found by the attempt's phone when it is not its row's", async () => {
    const store = createMemoryStore();
    await store.saveCampaign(campaign('c1'));
    await store.addList(list('l1', 'c1'), [{ phone: '+15550001', name: null, timeZone: 'UTC', variables: {} }]);
    await send(store, 'a1', 'c1', 'l1', 0, '+15550009');
    expect((await store.lastSentTo('+15550009'))?.id).toBe('a1');
    expect(await store.lastSentTo('+15550001')).toBeNull();
  });

  it("forgets a deleted campaign's messages and still finds another campaign's", async () => {
    const store = createMemoryStore();
    const recipient = { phone: '+15550001', name: null, timeZone: 'UTC', variables: {} };
    for (const id of ['c1', 'c2']) await store.saveCampaign(campaign(id));
    await store.addList(list('l1', 'c1'), [recipient]);
    await store.addList(list('l2', 'c2'), [recipient, { ...recipient, phone: '+15550003' }]);
    await send(store, 'a1', 'c1', 'l1', 0, '+15550001');
    await send(store, 'a2', 'c2', 'l2', 0, '+15550001');
    await send(store, 'a3', 'c2', 'l2', 1, '+15550002');
    expect((await store.lastSentTo('+15550001'))?.id).toBe('a2');
    expect((await store.lastSentTo('+15550002'))?.id).toBe('a3');
    await store.deleteCampaign('c2');
    expect((await store.lastSentTo('+15550001'))?.id).toBe('a1');
    expect(await store.lastSentTo('+15550002')).toBeNull();
  });
});
