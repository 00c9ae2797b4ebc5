import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Temporal } from 'temporal-polyfill';
import { afterEach, describe, expect, it } from 'vitest';
import { createSqliteStore, openSqliteDatabase } from '../../adapters/sqlite/index.js';
import { startFakeTwilio, type FakeTwilio } from '../fakes/twilio-server.js';
import { runCli } from '../support/cli.js';
import { fakeTwilioEnv, logMessage, spawnWorker, type WorkerProcess } from '../support/worker-process.js';
import { accountSid, authToken } from '../twilio/support.js';
import { campaignJsonNow } from './campaign.js';

const recipients = 150;
const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describe('two workers on one database file', () => {
  it('never both send: one waits, and takes over within 15 s when the holder is killed; nobody is texted twice', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'proactive-sms-two-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const dbPath = join(dir, 'shared.db');
    writeFileSync(join(dir, 'scenario.json'), JSON.stringify(campaignJsonNow({ recipients, perSecond: 20 })));
    expect((await runCli(['import', join(dir, 'scenario.json'), '--db', dbPath])).code).toBe(0);
    const fake: FakeTwilio = await startFakeTwilio({ accountSid, authToken, now: () => Temporal.Now.instant(), port: 41_002 });
    cleanups.push(() => fake.close());
    // Only reconciliation's wait is shortened; the lease keeps its production timing.
    const env = fakeTwilioEnv(fake.baseUrl);
    const workers = [spawnWorker(['--db', dbPath], env), spawnWorker(['--db', dbPath], env)];
    for (const worker of workers) cleanups.push(() => void worker.child.kill('SIGKILL'));

    // Started together, one takes the lease and the other says it waits.
    const leaseTaken = logMessage('lease taken: sending');
    const first = await Promise.any(workers.map((worker) => worker.waitForLine(leaseTaken, 30_000).then(() => worker)));
    const second = workers.find((worker) => worker !== first) as WorkerProcess;
    await second.waitForLine(logMessage('another worker holds the lease: waiting to take over'), 30_000);
    while (fake.messages.length < 30) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(second.lines.filter(logMessage('sent'))).toEqual([]);

    first.child.kill('SIGKILL');
    await first.exited;
    const killedAtMs = Date.now();
    const sentByFirst = first.lines.filter(logMessage('sent')).length;
    await second.waitForLine(leaseTaken, 15_000);
    const takeOverMs = Date.now() - killedAtMs;
    expect(takeOverMs).toBeLessThanOrEqual(15_000);

    while (fake.messages.length < recipients - 1) await new Promise((resolve) => setTimeout(resolve, 50));
    await new Promise((resolve) => setTimeout(resolve, 500));
    second.child.kill('SIGTERM');
    expect((await second.exited).code).toBe(0);

    const perPhone = new Map<string, number>();
    for (const message of fake.messages) perPhone.set(message.to, (perPhone.get(message.to) ?? 0) + 1);
    expect([...perPhone.values()].filter((n) => n > 1)).toEqual([]);
    const db = openSqliteDatabase(dbPath);
    cleanups.push(() => void db.close());
    const store = createSqliteStore(db);
    const states = await store.recipientStates('now');
    const people = await store.recipients('now');
    // Each recipient is texted and recorded sent, or (a send the kill cut before the provider took it,
    // in its backoff) neither.
    const disagreeing = people.filter((person, row) => (perPhone.has(person.phone) ? states[row] !== 'sent' : states[row] !== 'pending'));
    expect(disagreeing).toEqual([]);
    expect(states.filter((state) => state === 'pending').length).toBeLessThanOrEqual(1);
    console.log(`two workers: the second took over ${takeOverMs} ms after the first was killed; first sent ${sentByFirst}, ${fake.messages.length} texted in all, no duplicate`);
  }, 90_000);
});
