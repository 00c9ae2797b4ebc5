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
  it('never both send: the one not holding the campaign takes it over within 15 s when the holder is killed; nobody is texted twice', async () => {
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

    // Started together, they agree which of them sends the one campaign (the first may hand it over
    // to the second once it sees it alive); only the one holding its lease ever sends.
    const taken = logMessage('campaign taken');
    await Promise.any(workers.map((worker) => worker.waitForLine(taken, 30_000)));
    while (fake.messages.length < 30) await new Promise((resolve) => setTimeout(resolve, 50));
    const first = await holderNow(workers);
    const second = workers.find((worker) => worker !== first) as WorkerProcess;
    const secondSentBefore = second.lines.filter(logMessage('sent')).length;

    first.child.kill('SIGKILL');
    await first.exited;
    const killedAtMs = Date.now();
    const sentByFirst = first.lines.filter(logMessage('sent')).length;
    const takenBefore = second.lines.filter(taken).length;
    while (second.lines.filter(taken).length === takenBefore) {
      if (Date.now() - killedAtMs > 15_000) throw new Error(`the second worker did not take the campaign over within 15 s; its last lines:\n${second.lines.slice(-8).join('\n')}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const takeOverMs = Date.now() - killedAtMs;
    expect(takeOverMs).toBeLessThanOrEqual(15_000);
    expect(second.lines.filter(logMessage('sent')).length).toBe(secondSentBefore);

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

/** The worker holding the campaign: the one whose last word on it was taking it (waited for while it changes hands). */
async function holderNow(workers: WorkerProcess[]): Promise<WorkerProcess> {
  const endsMs = Date.now() + 10_000;
  for (;;) {
    const holding = workers.filter((worker) => {
      const said = worker.lines.filter((line) => logMessage('campaign taken')(line) || logMessage('campaign given up')(line));
      return said.length > 0 && logMessage('campaign taken')(said[said.length - 1] as string);
    });
    if (holding.length === 1) return holding[0] as WorkerProcess;
    if (holding.length > 1) throw new Error('both workers say they hold the campaign');
    if (Date.now() > endsMs) throw new Error('no worker took the campaign back within 10 s of a hand-over');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
