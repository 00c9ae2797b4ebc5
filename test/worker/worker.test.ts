import { Temporal } from 'temporal-polyfill';
import { afterEach, describe, expect, it } from 'vitest';
import { createSystemClock } from '../../adapters/clock/system-clock.js';
import { createMemoryProvider } from '../../adapters/memory/memory-provider.js';
import { createMemoryStore } from '../../adapters/memory/memory-store.js';
import { createVirtualClock } from '../../adapters/memory/virtual-clock.js';
import { createWorkerLogger, type WorkerLogger } from '../../adapters/worker/logger.js';
import { campaignLease, startWorker, type Worker } from '../../adapters/worker/worker.js';
import type { Provider } from '../../core/ports/provider.js';
import type { Store } from '../../core/ports/store.js';
import { storeScenario } from '../../core/runtime/index.js';
import { campaignNow } from './campaign.js';

const clock = createSystemClock();
/** Short lease times, so that losing and taking over take a fraction of a second. */
const quick = { ttlMs: 400, renewEveryMs: 100, retryEveryMs: 50, revisionPollMs: 50 };
const started: Worker[] = [];

afterEach(async () => {
  await Promise.allSettled(started.splice(0).map((worker) => worker.stop()));
});

async function storeWith(recipients: number, perSecond: number): Promise<Store> {
  const store = createMemoryStore();
  await storeScenario(store, campaignNow({ recipients, perSecond }), 'c1');
  return store;
}

function start(store: Store, provider: Provider, options: { holder: string; exitWhenIdle?: boolean; logger?: WorkerLogger }): Worker {
  const worker = startWorker({ store, provider, clock, timing: quick, ...options });
  started.push(worker);
  return worker;
}

async function until(condition: () => Promise<boolean> | boolean, timeoutMs = 5_000): Promise<void> {
  const endsMs = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > endsMs) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('the worker', () => {
  it('sends every recipient once, stops when nothing is left with exitWhenIdle, and gives its lease up', async () => {
    const store = await storeWith(20, 200);
    const provider = createMemoryProvider({ clock });
    await start(store, provider, { holder: 'a', exitWhenIdle: true }).stopped;

    expect(new Set(provider.messages().map((m) => m.to)).size).toBe(20);
    expect(provider.messages()).toHaveLength(20);
    expect((await store.listCounts('now')).states.sent).toBe(20);
    expect(await store.acquireLease(campaignLease('c1'), 'someone else', clock.nowMs(), 1_000)).toBe(true);
  });

  it('sends nothing while another holds the lease, and takes over once it expires', async () => {
    // On a virtual clock: the other holder's lease runs out exactly when the test says.
    const virtual = createVirtualClock({ start: Temporal.Now.instant() });
    const store = await storeWith(5, 200);
    const provider = createMemoryProvider({ clock: virtual });
    const expiresMs = virtual.nowMs() + 10_000;
    expect(await store.acquireLease(campaignLease('c1'), 'other', virtual.nowMs(), 10_000)).toBe(true);
    const worker = startWorker({ store, provider, clock: virtual, holder: 'a', exitWhenIdle: true, timing: quick });
    started.push(worker);
    await virtual.advanceBy(9_999);
    expect(provider.messages()).toHaveLength(0);
    await virtual.advanceBy(quick.retryEveryMs + 1_000);
    await worker.stopped;
    expect(provider.messages()).toHaveLength(5);
    expect(provider.messages()[0]?.createdAt.epochMilliseconds).toBeGreaterThanOrEqual(expiresMs);
  });

  it('stops sending when its lease is taken from it, and claims nothing after that', async () => {
    const store = await storeWith(200, 50);
    const provider = createMemoryProvider({ clock });
    start(store, provider, { holder: 'a' });
    await until(() => provider.messages().length >= 3);
    // Another worker takes the lease as if a's had expired (a paused longer than its TTL).
    await store.releaseLease(campaignLease('c1'), 'a');
    expect(await store.acquireLease(campaignLease('c1'), 'b', clock.nowMs(), 60_000)).toBe(true);
    const sentWhenLost = provider.messages().length;
    await new Promise((resolve) => setTimeout(resolve, 400));
    // At most the send a's claim had already made before the lease moved.
    expect(provider.messages().length).toBeLessThanOrEqual(sentWhenLost + 1);
    expect(await store.unfinishedAttempts()).toEqual([]);
  });

  it('does not call the provider when its lease ran out while the claim was being written (a stalled disk)', async () => {
    const store = await storeWith(3, 2);
    const provider = createMemoryProvider({ clock });
    let stallNext = false;
    const stalled = { until: 0 };
    const wait = () => new Promise((resolve) => setTimeout(resolve, Math.max(0, stalled.until - Date.now())));
    // The second claim, and the lease renewals meanwhile, take longer than the lease lasts.
    const stalling: Store = {
      ...store,
      async claim(attempt, lease) {
        const result = await store.claim(attempt, lease);
        if (stallNext) {
          stallNext = false;
          stalled.until = Date.now() + 2 * quick.ttlMs;
          await wait();
        }
        return result;
      },
      async acquireLease(...args) {
        await wait();
        return store.acquireLease(...args);
      }
    };
    const worker = start(stalling, provider, { holder: 'a' });
    await until(() => provider.messages().length >= 1);
    stallNext = true;
    await until(async () => (await store.attempts('c1')).some((attempt) => attempt.outcome === 'retry'), 3_000);
    await worker.stop();
    const retried = (await store.attempts('c1')).find((attempt) => attempt.outcome === 'retry');
    expect(retried?.code).toBe('lease_expired');
    expect(provider.messages().map((m) => m.to)).not.toContain(retried?.phone);
  });

  it('logs a line per send, and each list status as it changes', async () => {
    const store = await storeWith(3, 10);
    const lines: Array<{ msg: string; status?: string; list?: string; to?: string }> = [];
    const logger = createWorkerLogger({ readable: false, write: (text) => lines.push(JSON.parse(text)) });
    start(store, createMemoryProvider({ clock }), { holder: 'a', logger });
    await until(() => lines.some((line) => line.msg === 'list status' && line.status === 'completed'));
    expect(lines.filter((line) => line.msg === 'sent').map((line) => line.to)).toEqual(['+16462000000', '+16462000001', '+16462000002']);
    expect(lines.filter((line) => line.msg === 'list status').map((line) => `${line.list} ${line.status}`)).toEqual(['now in_progress', 'now completed']);
  });

  it('picks up a list another process adds to the store', async () => {
    const store = await storeWith(1, 200);
    const provider = createMemoryProvider({ clock });
    start(store, provider, { holder: 'a' });
    await until(() => provider.messages().length === 1);
    const later = campaignNow({ recipients: 3, perSecond: 200, listId: 'later' });
    const list = later.lists[0];
    if (list === undefined) throw new Error('no list');
    await store.addList({ ...list, campaignId: 'c1', stoppedAt: null }, list.recipients);
    await until(() => provider.messages().length === 4);
  });

  it('on stop, finishes the send in flight, records it and releases the lease', async () => {
    const store = await storeWith(50, 100);
    const provider = createMemoryProvider({ clock, latencyMs: 150 });
    const worker = start(store, provider, { holder: 'a' });
    await until(async () => (await store.unfinishedAttempts()).length === 1);
    const [inFlight] = await store.unfinishedAttempts();
    await worker.stop();
    expect(await store.unfinishedAttempts()).toEqual([]);
    // Sent, not cut short into a retry or an ambiguous send.
    expect((await store.recipientStates('now'))[inFlight?.row ?? -1]).toBe('sent');
    expect((await store.listCounts('now')).states.sent).toBe(provider.messages().length);
    expect(provider.messages().length).toBeGreaterThanOrEqual(1);
    expect(await store.acquireLease(campaignLease('c1'), 'b', clock.nowMs(), 1_000)).toBe(true);
  });
});
