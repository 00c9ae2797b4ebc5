import { describe, expect, it } from 'vitest';
import { Temporal } from 'temporal-polyfill';
import { createMemoryStore } from '../../adapters/memory/memory-store.js';
import type { CampaignRecord, RecipientRecord } from '../../core/ports/store.js';

const at = (iso: string) => Temporal.Instant.from(iso);
const t0 = at('2026-12-01T14:00:00Z');
const campaign: CampaignRecord = {
  id: 'c1',
  name: 'Dec',
  timeZone: 'America/New_York',
  hours: { mon: [['09:00', '17:00']], tue: [], wed: [], thu: [], fri: [], sat: [], sun: [] },
  rate: { messages: 8, perSeconds: 60 },
  dailyLimit: null,
  message: 'Hi {{name}}',
  halted: null
};
const people: RecipientRecord[] = ['+14155550100', '+14155550101', '+14155550102'].map((phone, i) => ({
  phone,
  name: `P${i}`,
  timeZone: 'America/New_York',
  variables: {}
}));

function storeWithList() {
  const store = createMemoryStore();
  store.saveCampaign(campaign);
  store.addList({ id: 'l1', campaignId: 'c1', fileName: 'l1.csv', createdAt: t0, startAfter: t0, endBefore: null, stoppedAt: null }, people);
  return store;
}
const begin = (id: string, row: number, when = t0) => ({ id, campaignId: 'c1', listId: 'l1', row, phone: people[row]!.phone, body: 'Hi', atMs: when.epochMilliseconds });

describe('the memory store', () => {
  it('serves lists in (startAfter, createdAt, id) order', () => {
    const store = storeWithList();
    store.addList({ id: 'b', campaignId: 'c1', fileName: null, createdAt: t0, startAfter: at('2026-11-01T00:00:00Z'), endBefore: null, stoppedAt: null }, []);
    store.addList({ id: 'a', campaignId: 'c1', fileName: null, createdAt: t0, startAfter: at('2026-11-01T00:00:00Z'), endBefore: null, stoppedAt: null }, []);
    expect(store.lists('c1').map((l) => l.id)).toEqual(['a', 'b', 'l1']);
    expect(() => store.addList({ ...store.list('a')!, stoppedAt: null }, [])).toThrow(/already has a list "a"/);
  });

  it('claims a pending recipient once and moves it by the outcome', () => {
    const store = storeWithList();
    store.beginAttempt(begin('a1', 0));
    expect(store.recipientState('l1', 0)).toBe('sending');
    expect(() => store.beginAttempt(begin('a2', 0))).toThrow(/not pending/);
    expect(store.unfinishedAttempts().map((a) => a.id)).toEqual(['a1']);
    store.finishAttempt('a1', { outcome: 'sent', providerId: 'SM1', status: 'queued' });
    expect(store.recipientState('l1', 0)).toBe('sent');
    expect(() => store.finishAttempt('a1', { outcome: 'unknown' })).toThrow(/already finished/);
    expect(store.unfinishedAttempts()).toEqual([]);
    expect(store.attemptByProviderId('SM1')?.atMs).toBe(t0.epochMilliseconds);
    expect(store.lastSentTo(people[0]!.phone)?.listId).toBe('l1');
  });

  it('puts a transiently refused recipient back to pending and counts its retries', () => {
    const store = storeWithList();
    store.beginAttempt(begin('a1', 1));
    store.finishAttempt('a1', { outcome: 'retry', code: '429', retryAtMs: at('2026-12-01T14:05:00Z').epochMilliseconds });
    expect(store.recipientState('l1', 1)).toBe('pending');
    expect(store.retriesOf('l1', 1)).toBe(1);
    expect([...store.attempts('c1')][0]?.retryAtMs).toBe(at('2026-12-01T14:05:00Z').epochMilliseconds);
  });

  it('counts recipients by state, and when the list first and last sent', () => {
    const store = storeWithList();
    store.beginAttempt(begin('a1', 0, at('2026-12-01T14:00:00Z')));
    store.finishAttempt('a1', { outcome: 'sent', providerId: 'SM1', status: 'queued' });
    store.beginAttempt(begin('a2', 1, at('2026-12-01T14:00:07.5Z')));
    store.finishAttempt('a2', { outcome: 'failed', code: '21211' });
    store.setRecipientState('l1', 2, 'opted_out');
    const counts = store.listCounts('l1');
    expect(counts.states).toMatchObject({ pending: 0, sent: 1, failed: 1, opted_out: 1 });
    expect(counts.firstSentAt?.toString()).toBe('2026-12-01T14:00:00Z');
    expect(counts.lastSentAt?.toString()).toBe('2026-12-01T14:00:00Z');
  });

  it('finds a sent attempt by provider id, the one just sent as well as those before and a miss', () => {
    const store = storeWithList();
    store.beginAttempt(begin('a1', 0));
    expect(store.attemptByProviderId('SM1')).toBeNull();
    store.finishAttempt('a1', { outcome: 'sent', providerId: 'SM1', status: 'queued' });
    expect(store.attemptByProviderId('SM1')?.row).toBe(0);
    store.beginAttempt(begin('a2', 1));
    store.finishAttempt('a2', { outcome: 'sent', providerId: 'SM2', status: 'queued' });
    expect(store.updateDelivery('SM2', 'delivered')).toBe('delivered');
    expect(store.attemptByProviderId('SM1')?.row).toBe(0);
    expect(store.attemptByProviderId('SM3')).toBeNull();
    expect(store.attemptByProviderId('SM2')).toMatchObject({ row: 1, deliveryStatus: 'delivered' });
  });

  it('finds by provider id the attempt that last took it, whatever was looked up in between', () => {
    const store = storeWithList();
    store.beginAttempt(begin('a1', 0));
    store.beginAttempt(begin('a2', 1));
    store.beginAttempt(begin('a3', 2));
    // Finished out of the order they began; a2 and a3 were reconciled to the same message.
    store.finishAttempt('a2', { outcome: 'sent', providerId: 'SM7', status: 'queued' });
    store.finishAttempt('a1', { outcome: 'sent', providerId: 'SM5', status: 'queued' });
    expect(store.attemptByProviderId('SM7')?.row).toBe(1);
    store.finishAttempt('a3', { outcome: 'sent', providerId: 'SM7', status: 'queued' });
    expect(store.attemptByProviderId('SM5')?.row).toBe(0);
    expect(store.attemptByProviderId('SM7')?.row).toBe(2);
    expect(store.attemptByProviderId('SM6')).toBeNull();
    expect(store.attemptByProviderId('SM7')?.row).toBe(2);
  });

  it('moves a delivery status forward only', () => {
    const store = storeWithList();
    store.beginAttempt(begin('a1', 0));
    store.finishAttempt('a1', { outcome: 'sent', providerId: 'SM1', status: 'queued' });
    expect(store.updateDelivery('SM1', 'delivered')).toBe('delivered');
    expect(store.updateDelivery('SM1', 'sent')).toBeNull();
    expect(store.updateDelivery('SM1', 'delivered')).toBeNull();
    expect(store.updateDelivery('SM404', 'delivered')).toBeNull();
    expect(store.attemptByProviderId('SM1')?.deliveryStatus).toBe('delivered');
  });

  it("keeps each phone's timeline and opt-out", () => {
    const store = storeWithList();
    const phone = people[0]!.phone;
    store.appendTimeline({ type: 'reply', at: t0, phone, body: 'hi', campaignId: null, listId: null });
    store.appendTimeline({ type: 'opt_out', at: t0.add({ minutes: 1 }), phone: people[1]!.phone, body: 'STOP', campaignId: null, listId: null });
    expect(store.timeline(phone).map((e) => [e.type, e.at.toString()])).toEqual([['reply', '2026-12-01T14:00:00Z']]);
    expect([...store.timelineEvents()]).toHaveLength(2);
    store.setOptedOut(phone, true, t0);
    expect(store.isOptedOut(phone)).toBe(true);
    store.setOptedOut(phone, false, t0);
    expect(store.isOptedOut(phone)).toBe(false);
  });

  it('keeps the first stop of a list', () => {
    const store = storeWithList();
    store.stopList('l1', at('2026-12-02T00:00:00Z'));
    store.stopList('l1', at('2026-12-03T00:00:00Z'));
    expect(store.list('l1')?.stoppedAt?.toString()).toBe('2026-12-02T00:00:00Z');
  });
});
