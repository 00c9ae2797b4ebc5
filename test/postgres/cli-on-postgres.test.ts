import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { Temporal } from 'temporal-polyfill';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startFakeTwilio } from '../fakes/twilio-server.js';
import { runCli } from '../support/cli.js';
import { fakeTwilioEnv, logMessage, spawnWorker } from '../support/worker-process.js';
import { accountSid, authToken } from '../twilio/support.js';
import { campaignJsonNow, phoneOf } from '../worker/campaign.js';
import { emptyDatabaseUrl } from './fresh-database.js';

// `import`, `status` and `worker` on a PostgreSQL database chosen by --db or DATABASE_URL, from an
// empty database (the CLI migrates it) to a completed list, as a person would run them.

const cleanups: Array<() => Promise<void> | void> = [];
let dir = '';
let url = '';
beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'proactive-sms-pg-cli-'));
  url = await emptyDatabaseUrl();
});
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  rmSync(dir, { recursive: true, force: true });
});

function scenarioFile(recipients: number): string {
  const file = join(dir, 'scenario.json');
  writeFileSync(file, JSON.stringify(campaignJsonNow({ recipients, perSecond: 20 })));
  return file;
}

/** Rows read behind the CLI's back, on a connection of the test's own. */
async function rows<R extends pg.QueryResultRow>(sql: string): Promise<R[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<R>(sql)).rows;
  } finally {
    await client.end();
  }
}

async function listsNow(): Promise<Array<{ id: string; status: string; sent: number; total: number }>> {
  const status = await runCli(['status', '--db', url, '--json'], dir, {});
  expect(status).toMatchObject({ code: 0, stderr: '' });
  return (JSON.parse(status.stdout) as { lists: Array<{ id: string; status: string; sent: number; total: number }> }).lists;
}

/** The simulated provider's log: who it texted, one entry per message. */
async function simulatedTo(): Promise<string[]> {
  return (await rows<{ to_phone: string }>('SELECT to_phone FROM simulated_messages ORDER BY seq')).map((row) => row.to_phone);
}

const phones = (n: number) => Array.from({ length: n }, (_, row) => phoneOf(row));

describe('the CLI on PostgreSQL', () => {
  it('imports, shows the status and sends with the simulated provider, the database named by DATABASE_URL or --db', async () => {
    const imported = await runCli(['import', scenarioFile(4)], dir, { DATABASE_URL: url });
    expect(imported).toMatchObject({ code: 0, stderr: '' });
    expect(imported.stdout).toMatch(/^Created campaign "Test campaign" \(id test-campaign\) and added 1 list with 4 recipients to "t_\w+" on 127\.0\.0\.1:\d+\.\n$/);
    expect(await listsNow()).toMatchObject([{ id: 'now', status: 'in_progress', sent: 0, total: 4 }]);
    expect((await runCli(['status'], dir, { DATABASE_URL: url })).stdout).toContain('  now: In Progress 0/4 (4 pending)');

    const worker = await runCli(['worker', '--db', url, '--exit-when-idle'], dir, {});
    expect(worker).toMatchObject({ code: 0, stderr: '' });
    const lines = worker.stdout.trim().split('\n').map((line) => JSON.parse(line) as { msg: string; database?: string; provider?: string });
    expect(lines[0]).toMatchObject({ msg: 'worker starting', provider: expect.stringMatching(/^the simulated provider/) as unknown });
    expect(lines[0]?.database).toMatch(/^"t_\w+" on 127\.0\.0\.1:\d+$/);
    expect(lines.filter((line) => line.msg === 'sent')).toHaveLength(4);

    expect(await listsNow()).toMatchObject([{ id: 'now', status: 'completed', sent: 4, total: 4 }]);
    expect((await simulatedTo()).sort()).toEqual(phones(4));
    // Nothing went to the SQLite default beside it.
    expect(existsSync(join(dir, 'data'))).toBe(false);

    const again = await runCli(['worker', '--db', url, '--exit-when-idle'], dir, {});
    expect(again.code).toBe(0);
    expect(again.stdout).not.toContain('"msg":"sent"');
    expect(await simulatedTo()).toHaveLength(4);
  });

  it('imports all or nothing: a list refused half-way leaves neither the campaign nor the first list', async () => {
    // The database refuses the second list, as a server out of disk would refuse a write half-way.
    expect((await runCli(['status', '--db', url], dir, {})).stdout).toContain('no campaign yet');
    await rows(`CREATE FUNCTION refuse_second() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'injected write failure'; END $$`);
    await rows(`CREATE TRIGGER refuse_second BEFORE INSERT ON lists FOR EACH ROW WHEN (NEW.id = 'second') EXECUTE FUNCTION refuse_second()`);
    const json = campaignJsonNow({ recipients: 2, perSecond: 20 });
    writeFileSync(join(dir, 'two.json'), JSON.stringify({ ...json, lists: ['first', 'second'].map((id) => ({ ...json.lists[0], id })) }));

    const failed = await runCli(['import', join(dir, 'two.json'), '--db', url], dir, {});
    expect(failed.code).toBe(70);
    expect(failed.stderr).toContain('injected write failure');
    expect(await rows('SELECT id FROM campaigns UNION ALL SELECT id FROM lists')).toEqual([]);
  });

  it('sends through the fake Twilio, each recipient once', async () => {
    expect((await runCli(['import', scenarioFile(5), '--db', url], dir, {})).code).toBe(0);
    const fake = await startFakeTwilio({ accountSid, authToken, now: () => Temporal.Now.instant(), port: 4101 });
    cleanups.push(() => fake.close());

    const worker = spawnWorker(['--db', url, '--exit-when-idle'], fakeTwilioEnv(fake.baseUrl));
    cleanups.push(() => void worker.child.kill('SIGKILL'));
    expect(await worker.exited).toEqual({ code: 0, signal: null });
    expect(worker.lines.find(logMessage('worker starting'))).toContain('"provider":"Twilio at http://127.0.0.1:4101"');

    expect(fake.messages.map((message) => message.to).sort()).toEqual(phones(5));
    expect(await listsNow()).toMatchObject([{ status: 'completed', sent: 5, total: 5 }]);
    expect(await simulatedTo()).toEqual([]);
  }, 60_000);

  it('a running worker LISTENs for changes, and sends a list imported while it runs; SIGTERM stops it', async () => {
    const worker = spawnWorker(['--db', url], {});
    cleanups.push(() => void worker.child.kill('SIGKILL'));
    await worker.waitForLine(logMessage('worker started: sharing campaigns out with the other workers'), 30_000);
    const listening = async () => (await rows<{ n: number }>("SELECT count(*)::integer AS n FROM pg_stat_activity WHERE datname = current_database() AND query LIKE 'LISTEN %'"))[0]?.n;
    await expect.poll(listening, { timeout: 10_000 }).toBe(1);

    expect((await runCli(['import', scenarioFile(2), '--db', url], dir, {})).code).toBe(0);
    await worker.waitForLine((line) => line.includes(`"to":"${phoneOf(1)}"`) && logMessage('sent')(line), 30_000);
    worker.child.kill('SIGTERM');
    expect(await worker.exited).toEqual({ code: 0, signal: null });
    expect(await simulatedTo()).toEqual(phones(2));
  }, 60_000);

  it('reconciles a worker killed with SIGKILL through the PostgreSQL message log, without texting anyone twice', async () => {
    expect((await runCli(['import', scenarioFile(3), '--db', url], dir, {})).code).toBe(0);
    const env = {
      NODE_ENV: 'test',
      PROACTIVE_SMS_TEST_ACCEPTANCE_WINDOW_MS: '1000',
      // The killed worker's lease runs out in a second instead of ten.
      PROACTIVE_SMS_TEST_LEASE_TTL_MS: '1000'
    };

    // Killed once the simulated provider took the second message, before its outcome was recorded.
    const first = spawnWorker(['--db', url], { ...env, PROACTIVE_SMS_TEST_PAUSE: 'accept:2' });
    cleanups.push(() => void first.child.kill('SIGKILL'));
    await first.waitForLine((line) => line.startsWith('PROACTIVE_SMS_TEST_PAUSE accept '), 30_000);
    first.child.kill('SIGKILL');
    await first.exited;
    expect(await simulatedTo()).toEqual(phones(2));
    expect(await rows("SELECT row FROM recipients WHERE state = 'sending'")).toEqual([{ row: 1 }]);

    const second = spawnWorker(['--db', url, '--exit-when-idle'], env);
    cleanups.push(() => void second.child.kill('SIGKILL'));
    expect(await second.exited).toEqual({ code: 0, signal: null });
    // The second message was found in the log: recorded as sent under the id the log gave it, not sent again.
    const logged = await rows<{ provider_id: string }>(`SELECT provider_id FROM simulated_messages WHERE to_phone = '${phoneOf(1)}'`);
    const asked = second.lines.filter(logMessage('reconciling: asked the provider what it took')).map((line) => JSON.parse(line) as { to: string; found: string[] });
    expect(asked).toMatchObject([{ to: phoneOf(1), found: logged.map((row) => row.provider_id) }]);
    expect(await rows("SELECT provider_id FROM attempts WHERE row = 1 AND outcome = 'sent'")).toEqual(logged);
    expect(await simulatedTo()).toEqual(phones(3));
    expect(await listsNow()).toMatchObject([{ status: 'completed', sent: 3, total: 3 }]);
    expect(await rows("SELECT count(*)::integer AS n FROM recipients WHERE state <> 'sent'")).toEqual([{ n: 0 }]);
  }, 60_000);
});
