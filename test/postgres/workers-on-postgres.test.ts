import { afterEach, describe, expect, it } from 'vitest';
import { createSystemClock } from '../../adapters/clock/system-clock.js';
import { createMemoryProvider, type MemoryProvider } from '../../adapters/memory/memory-provider.js';
import { listenForChanges } from '../../adapters/postgres/changes.js';
import { openPostgresStore } from '../../adapters/postgres/open-store.js';
import { createPostgresStore } from '../../adapters/postgres/postgres-store.js';
import { createWorkerLogger } from '../../adapters/worker/logger.js';
import { startWorker, type Worker } from '../../adapters/worker/worker.js';
import type { CampaignRecord, RecipientRecord, Store } from '../../core/ports/store.js';
import { startPostgresServer } from '../support/postgres-server.js';
import { poolOnMigratedDatabase, urlOf } from './fresh-database.js';
import { campaignRecord, phoneOf } from './records.js';

// Workers sharing campaigns on a real PostgreSQL: leases, the campaigns to send and LISTEN/NOTIFY
// as the database really answers them.

const clock = createSystemClock();
const allDay = [['00:00', '24:00']] as const;
const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function fastCampaign(id: string, perSecond: number): CampaignRecord {
  return {
    ...campaignRecord(id),
    hours: { mon: allDay, tue: allDay, wed: allDay, thu: allDay, fri: allDay, sat: allDay, sun: allDay },
    rate: { messages: perSecond, perSeconds: 1 }
  };
}

async function addList(store: Store, campaignId: string, listId: string, people: number, firstPhone: number, startsInMs = 0): Promise<void> {
  const now = clock.now().add({ milliseconds: startsInMs });
  const recipients: RecipientRecord[] = Array.from({ length: people }, (_, i) => ({ phone: phoneOf(firstPhone + i), name: `P${i}`, timeZone: 'UTC', variables: {} }));
  await store.addList({ id: listId, campaignId, fileName: `${listId}.csv`, createdAt: now, startAfter: now, endBefore: null, stoppedAt: null }, recipients);
}

async function until(condition: () => Promise<boolean> | boolean, timeoutMs: number, what: string): Promise<void> {
  const endsMs = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > endsMs) throw new Error(`${what}: not within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('workers on PostgreSQL', () => {
  it('share campaigns out, text everyone once, and hear of a new list by NOTIFY within a second', async () => {
    const pool = await poolOnMigratedDatabase({ max: 2 });
    cleanups.push(() => pool.end());
    const url = urlOf(pool);
    const setup = createPostgresStore(pool);
    for (let i = 0; i < 6; i += 1) {
      await setup.saveCampaign(fastCampaign(`c${i}`, 50));
      await addList(setup, `c${i}`, `l${i}`, 15, i * 100);
    }
    // c0 has a list starting in an hour too: it stays someone's to send, and its holder must hear of a new list.
    await addList(setup, 'c0', 'l0-later', 1, 8_000, 3_600_000);
    const providers: MemoryProvider[] = [];
    const messages = () => providers.flatMap((provider) => provider.messages());
    const taken: Array<{ holder: string; campaign: string }> = [];
    const workers: Worker[] = [];
    for (const holder of ['a', 'b', 'c']) {
      const opened = await openPostgresStore(url, { maxConnections: 3 });
      cleanups.push(() => opened.close());
      const logger = createWorkerLogger({
        readable: false,
        write: (text) => {
          const line = JSON.parse(text) as { msg: string; campaign?: string };
          if (line.msg === 'campaign taken' && line.campaign !== undefined) taken.push({ holder, campaign: line.campaign });
        }
      });
      // Polls a minute apart: only the NOTIFY can tell c0's holder of the late list within a second.
      const timing = { ttlMs: 2_000, renewEveryMs: 500, retryEveryMs: 500, revisionPollMs: 60_000 };
      const provider = createMemoryProvider({ clock });
      providers.push(provider);
      const worker = startWorker({ store: opened.store, changes: opened.changes, provider, clock, holder, logger, timing });
      workers.push(worker);
      cleanups.push(() => worker.stop());
    }
    await until(() => messages().length === 90, 20_000, 'all 90 recipients texted');
    // Hand-overs while the workers found each other re-read the store too: let them settle first.
    await new Promise((resolve) => setTimeout(resolve, 2_000));

    await addList(setup, 'c0', 'l0-late', 3, 9_000);
    const addedAtMs = Date.now();
    await until(() => messages().length === 93, 5_000, 'the late list texted');
    expect(Date.now() - addedAtMs).toBeLessThan(1_500);

    const phones = messages().map((message) => message.to);
    expect(new Set(phones).size).toBe(93);
    expect(new Set(taken.map((take) => take.holder)).size).toBeGreaterThan(1);
  }, 60_000);

  it('keeps listening across a server restart: it says so once reconnected, and hears the changes after', async () => {
    const server = await startPostgresServer();
    cleanups.push(() => server.close());
    const url = await server.createDatabase('changes');
    const opened = await openPostgresStore(url, { maxConnections: 2 });
    cleanups.push(() => opened.close());
    const changes = listenForChanges({ connectionString: url });
    let heard = 0;
    const stop = await changes.subscribe(() => (heard += 1));
    cleanups.push(stop);

    await opened.store.saveCampaign(campaignRecord('c1'));
    await until(() => heard === 1, 5_000, 'the first change heard');
    await server.restart('immediate');
    // Notices sent while it was down are lost: reconnected, it calls once so that the reader looks.
    await until(() => heard === 2, 15_000, 'the reconnection announced');
    await opened.store.saveCampaign(campaignRecord('c2'));
    await until(() => heard === 3, 5_000, 'a change after the restart heard');
  }, 60_000);
});
