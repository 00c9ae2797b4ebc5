import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Temporal } from 'temporal-polyfill';
import { afterEach, describe, expect, it } from 'vitest';
import { startFakeTwilio } from '../fakes/twilio-server.js';
import { runCli } from '../support/cli.js';
import { fakeTwilioEnv, spawnWorker } from '../support/worker-process.js';
import { accountSid, authToken } from '../twilio/support.js';
import { campaignJsonNow, phoneOf } from './campaign.js';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describe('a send whose fate nobody can tell', () => {
  it('is left unknown, shown to the administrator, and never sent again', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'proactive-sms-unknown-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const db = join(dir, 'x.db');
    writeFileSync(join(dir, 'scenario.json'), JSON.stringify(campaignJsonNow({ recipients: 2, perSecond: 20 })));
    expect((await runCli(['import', join(dir, 'scenario.json'), '--db', db])).code).toBe(0);
    const fake = await startFakeTwilio({ accountSid, authToken, now: () => Temporal.Now.instant(), port: 41_003 });
    cleanups.push(() => fake.close());
    const env = fakeTwilioEnv(fake.baseUrl);

    // Twilio takes the first message; the worker dies before recording it.
    const first = spawnWorker(['--db', db], { ...env, PROACTIVE_SMS_TEST_PAUSE: 'accept:1' });
    cleanups.push(() => void first.child.kill('SIGKILL'));
    await first.waitForLine((line) => line.startsWith('PROACTIVE_SMS_TEST_PAUSE accept '), 30_000);
    first.child.kill('SIGKILL');
    await first.exited;

    // At restart Twilio cannot list its messages, so nobody can say whether it went out.
    fake.failNextList({ kind: 'refuse', status: 500, code: 20500 }, 10);
    const second = spawnWorker(['--db', db, '--exit-when-idle'], env);
    cleanups.push(() => void second.child.kill('SIGKILL'));
    expect((await second.exited).code).toBe(0);
    expect(fake.messages.map((message) => message.to)).toEqual([phoneOf(0), phoneOf(1)]);

    const status = await runCli(['status', '--db', db]);
    expect(status.stdout).toContain('1/2 (1 unknown)');
    expect(status.stdout).toContain('1 recipient(s) are "unknown"');

    // Another start does not text the unknown recipient again.
    const third = spawnWorker(['--db', db, '--exit-when-idle'], env);
    cleanups.push(() => void third.child.kill('SIGKILL'));
    expect((await third.exited).code).toBe(0);
    expect(fake.messages).toHaveLength(2);
  }, 60_000);
});
