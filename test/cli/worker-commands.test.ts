import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { main } from '../../adapters/cli/main.js';
import { openSqliteDatabase } from '../../adapters/sqlite/index.js';
import { project } from '../../core/index.js';
import { campaignJsonNow, campaignNow } from '../worker/campaign.js';

let dir = '';
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'proactive-sms-cli-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** The CLI in-process with its own environment, as a person would type it in `dir`. */
async function cli(args: string[], env: Record<string, string> = {}) {
  let stdout = '';
  let stderr = '';
  const code = await main(args, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), cwd: dir, isTTY: false, env });
  return { code, stdout, stderr };
}

function scenarioFile(name: string, json: unknown): string {
  writeFileSync(join(dir, name), JSON.stringify(json));
  return name;
}

const campaign = (listIds: string[], recipients = 3) => {
  const json = campaignJsonNow({ recipients, perSecond: 200 });
  return { ...json, lists: listIds.map((id) => ({ ...json.lists[0], id })) };
};

describe('import and status', () => {
  it('stores a scenario, and status shows its lists in project’s shape, as of now', async () => {
    expect(await cli(['import', scenarioFile('s.json', campaign(['a', 'b'])), '--db', 'x.db'])).toMatchObject({
      code: 0,
      stdout: 'Created campaign "Test campaign" (id test-campaign) and added 2 lists with 6 recipients to x.db.\n'
    });
    const status = await cli(['status', '--db', 'x.db', '--json']);
    expect(status.code).toBe(0);
    const { lists } = JSON.parse(status.stdout) as { lists: Array<Record<string, unknown>> };
    const projected = project(campaignNow({ recipients: 3, perSecond: 200 }), { sends: false }).lists[0];
    expect(lists.map((list) => Object.keys(list))).toEqual([Object.keys(projected ?? {}), Object.keys(projected ?? {})]);
    expect(lists.map(({ id, status, sent, total }) => ({ id, status, sent, total }))).toEqual([
      { id: 'a', status: 'in_progress', sent: 0, total: 3 },
      { id: 'b', status: 'in_progress', sent: 0, total: 3 }
    ]);
    expect((await cli(['status', '--db', 'x.db'])).stdout).toContain('  a: In Progress 0/3 (3 pending)');
  });

  it('imports all or nothing: a list id already taken refuses the whole file', async () => {
    await cli(['import', scenarioFile('one.json', campaign(['a'])), '--db', 'x.db']);
    const again = await cli(['import', scenarioFile('two.json', campaign(['new', 'a'])), '--db', 'x.db']);
    expect(again).toMatchObject({ code: 2, stderr: 'import: list "a" is already in x.db, so nothing was imported; give the list another id to add it.\n' });
    const { lists } = JSON.parse((await cli(['status', '--db', 'x.db', '--json'])).stdout) as { lists: Array<{ id: string }> };
    expect(lists.map((list) => list.id)).toEqual(['a']);
  });

  it('imports all or nothing: a write failing half-way leaves nothing of the import', async () => {
    // A database that refuses the second list, as a full disk would refuse a write half-way.
    const db = openSqliteDatabase(join(dir, 'x.db'));
    db.exec("CREATE TRIGGER refuse_second AFTER INSERT ON lists WHEN NEW.id = 'second' BEGIN SELECT RAISE(ABORT, 'injected write failure'); END");
    db.close();
    const failed = await cli(['import', scenarioFile('s.json', campaign(['first', 'second'])), '--db', 'x.db']);
    expect(failed.code).toBe(70);
    expect(failed.stderr).toContain('injected write failure');
    expect(JSON.parse((await cli(['status', '--db', 'x.db', '--json'])).stdout)).toEqual({ lists: [] });
    expect((await cli(['status', '--db', 'x.db'])).stdout).toContain('no campaign yet');
  });

  it('checks the scenario before touching the database', async () => {
    const bad = await cli(['import', scenarioFile('bad.json', { ...campaign(['a']), campaign: { name: 'x' } }), '--db', 'x.db']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^bad\.json: campaign\./);
    expect((await cli(['status', '--db', 'x.db'])).stderr).toContain('no such database');
  });
});

describe('which database', () => {
  it('takes DATABASE_PATH when --db is not given', async () => {
    await cli(['import', scenarioFile('s.json', campaign(['a'])), '--db', 'from-env.db']);
    expect((await cli(['status', '--json'], { DATABASE_PATH: 'from-env.db' })).stdout).toContain('"id": "a"');
  });

  it('says PostgreSQL is not supported yet, exit 2', async () => {
    expect(await cli(['status'], { DATABASE_URL: 'postgres://u@localhost/sms', DATABASE_PATH: 'x.db' })).toEqual({
      code: 2,
      stdout: '',
      stderr: 'DATABASE_URL: PostgreSQL is not supported yet; give the path of an SQLite database file (--db or DATABASE_PATH).\n'
    });
  });

  it('names a file that is not a database, exit 2, and leaves it as it was', async () => {
    writeFileSync(join(dir, 'notes.db'), 'these are my notes, not a database\n'.repeat(200));
    for (const command of [['status'], ['worker'], ['import', scenarioFile('s.json', campaign(['a']))]]) {
      const result = await cli([...command, '--db', 'notes.db']);
      expect(result.code).toBe(2);
      expect(result.stderr).toContain(join(dir, 'notes.db'));
      expect(result.stderr.trim().split('\n')).toHaveLength(1);
    }
  });
});

describe('worker', () => {
  it('sends through the simulated provider without Twilio, and a second run sends nothing again', async () => {
    await cli(['import', scenarioFile('s.json', campaign(['a'], 5)), '--db', 'x.db']);
    const first = await cli(['worker', '--db', 'x.db', '--exit-when-idle']);
    expect(first.code).toBe(0);
    const lines = first.stdout.trim().split('\n').map((line) => JSON.parse(line) as { msg: string; provider?: string });
    expect(lines[0]?.provider).toMatch(/^the simulated provider/);
    expect(lines.filter((line) => line.msg === 'sent')).toHaveLength(5);
    expect(lines.at(-1)?.msg).toBe('worker stopped, leases released');

    const second = await cli(['worker', '--db', 'x.db', '--exit-when-idle']);
    expect(second.stdout).not.toContain('"msg":"sent"');
    const db = openSqliteDatabase(join(dir, 'x.db'));
    expect(db.prepare('SELECT count(*) AS n FROM simulated_messages').get()).toEqual({ n: 5 });
    db.close();
    const { lists } = JSON.parse((await cli(['status', '--db', 'x.db', '--json'])).stdout) as { lists: Array<{ status: string; sent: number }> };
    expect(lists).toMatchObject([{ status: 'completed', sent: 5 }]);
  });

  it('refuses a Twilio account named with settings missing, rather than simulate', async () => {
    const result = await cli(['worker', '--db', 'x.db'], { TWILIO_ACCOUNT_SID: `AC${'0'.repeat(32)}` });
    expect(result).toMatchObject({ code: 2, stderr: 'worker: TWILIO_AUTH_TOKEN is not set: give the auth token (or TWILIO_API_KEY_SID and TWILIO_API_KEY_SECRET).\n' });
  });

  it('ignores the test-only pause hook outside tests, and says so', async () => {
    await cli(['import', scenarioFile('s.json', campaign(['a'], 1)), '--db', 'x.db']);
    const result = await cli(['worker', '--db', 'x.db', '--exit-when-idle'], { PROACTIVE_SMS_TEST_PAUSE: 'claim' });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('test-only hooks, ignored unless NODE_ENV=test');
    expect(result.stdout).toContain('"msg":"sent"');
  });
});
