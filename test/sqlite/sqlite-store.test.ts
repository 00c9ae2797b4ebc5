import { Temporal } from 'temporal-polyfill';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSqliteMessageLog, createSqliteStore, openSqliteDatabase } from '../../adapters/sqlite/index.js';
import { attempt, campaign, list, people, phone, t0 } from './records.js';
import { tempFolder } from './temp-database.js';

// What the contract cannot say because it is about a file: two processes sharing it, a restart,
// rows written by someone else.

let temp: ReturnType<typeof tempFolder>;
beforeEach(() => {
  temp = tempFolder();
});
afterEach(() => {
  temp.remove();
});

describe('SQLite store on a shared file', () => {
  it('shows one connection’s changes to the other: the worker notices the web app’s new list', async () => {
    const worker = openSqliteDatabase(temp.file());
    const web = openSqliteDatabase(temp.file());
    const workerStore = createSqliteStore(worker);
    const webStore = createSqliteStore(web);
    await workerStore.saveCampaign(campaign);
    const seen = await workerStore.revision();

    await webStore.addList(list('from-web'), people(2));

    expect(await workerStore.revision()).not.toBe(seen);
    expect((await workerStore.lists('c1')).map((l) => l.id)).toEqual(['from-web']);
    worker.close();
    web.close();
  });

  it('lets only one of two workers hold the lease, and the other claim nothing', async () => {
    const one = openSqliteDatabase(temp.file());
    const two = openSqliteDatabase(temp.file());
    const first = createSqliteStore(one);
    const second = createSqliteStore(two);
    await first.saveCampaign(campaign);
    await first.addList(list('l1'), people(2));
    expect(await first.acquireLease('sender', 'w1', t0, 15_000)).toBe(true);
    expect(await second.acquireLease('sender', 'w2', t0 + 1_000, 15_000)).toBe(false);
    expect(await second.claim(attempt('b1', 0, t0 + 1_000), { name: 'sender', holder: 'w2' })).toBe('lease_lost');
    expect(await first.claim(attempt('a1', 0, t0 + 1_000), { name: 'sender', holder: 'w1' })).toBe('claimed');
    one.close();
    two.close();
  });

  it('keeps a claim across a restart, as an attempt to reconcile', async () => {
    const before = openSqliteDatabase(temp.file());
    const store = createSqliteStore(before);
    await store.saveCampaign(campaign);
    await store.addList(list('l1'), people(2));
    await store.claim(attempt('a1', 1, t0));
    // The process dies here without closing anything.

    const after = openSqliteDatabase(temp.file());
    const restarted = createSqliteStore(after);
    expect((await restarted.unfinishedAttempts()).map((a) => [a.id, a.row, a.outcome])).toEqual([['a1', 1, 'sending']]);
    expect(await restarted.recipientStates('l1')).toEqual(['pending', 'sending']);
    before.close();
    after.close();
  });

  it('leaves the connection as it found it after syncing a claim', async () => {
    const db = openSqliteDatabase(temp.file());
    const store = createSqliteStore(db);
    await store.saveCampaign(campaign);
    await store.addList(list('l1'), people(1));
    await store.claim(attempt('a1', 0, t0));
    expect(db.pragma('synchronous', { simple: true })).toBe(1);
    db.close();
  });

  it('names the table, row and column of a JSON column that does not hold what it should', async () => {
    const db = openSqliteDatabase(temp.file());
    const store = createSqliteStore(db);
    await store.saveCampaign(campaign);
    await store.addList(list('l1'), people(2));
    db.prepare("UPDATE recipients SET variables_json = '{\"name\": 7}' WHERE row = 1").run();
    db.prepare("UPDATE campaigns SET hours_json = 'mon 9-5'").run();
    await expect(store.recipients('l1')).rejects.toThrow(/^recipients\["l1"#1\]\.variables_json\.name: /);
    await expect(store.campaign('c1')).rejects.toThrow('campaigns["c1"].hours_json is not JSON.');
    db.close();
  });
});

describe('simulated provider message log', () => {
  it('finds what it sent to a phone since an instant, with its latest status, after a restart', async () => {
    const db = openSqliteDatabase(temp.file());
    const log = createSqliteMessageLog(db);
    const at = (s: number) => Temporal.Instant.fromEpochMilliseconds(t0 + s * 1_000);
    await log.record({ providerId: 'SIM1', to: phone(0), body: 'old', status: 'queued', createdAt: at(0) });
    await log.record({ providerId: 'SIM2', to: phone(0), body: 'new', status: 'queued', createdAt: at(10) });
    await log.record({ providerId: 'SIM3', to: phone(1), body: 'other', status: 'queued', createdAt: at(10) });
    await log.setStatus('SIM2', 'delivered');
    db.close();

    const reopened = openSqliteDatabase(temp.file());
    const found = await createSqliteMessageLog(reopened).findTo(phone(0), at(10));
    expect(found.map((m) => [m.providerId, m.body, m.status, m.createdAt.toString()])).toEqual([
      ['SIM2', 'new', 'delivered', '2026-03-02T10:00:10Z']
    ]);
    reopened.close();
  });
});
