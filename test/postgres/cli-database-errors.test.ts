import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';
import { freeLoopbackPort, startPostgresServer, type PostgresServer } from '../support/postgres-server.js';
import { campaignJsonNow } from '../worker/campaign.js';

// A PostgreSQL database that cannot be used is one sentence on stderr naming --db / DATABASE_URL,
// exit code 2, from every command that opens the database, and never the password.

let dir = '';
/** A server of its own that asks for a password, as a production one does (the shared test server trusts everyone). */
let guarded: PostgresServer;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'proactive-sms-pg-errors-'));
  writeFileSync(join(dir, 's.json'), JSON.stringify(campaignJsonNow({ recipients: 1, perSecond: 20 })));
  guarded = await startPostgresServer({ password: 'right-password', port: 4102 });
}, 120_000);
afterAll(async () => {
  await guarded?.close();
  rmSync(dir, { recursive: true, force: true });
});

const commands = [['status'], ['worker', '--exit-when-idle'], ['import', 's.json']];

/** Runs every command against `url`, by --db and by DATABASE_URL, and answers what each printed on stderr. */
async function everyCommand(url: string): Promise<string[]> {
  const errors: string[] = [];
  for (const command of commands) {
    for (const [args, env] of [
      [[...command, '--db', url], {}],
      [command, { DATABASE_URL: url }]
    ] as const) {
      const result = await runCli([...args], dir, env);
      expect({ args, code: result.code, stdout: result.stdout }).toEqual({ args, code: 2, stdout: '' });
      expect(result.stderr.split('\n')).toHaveLength(2);
      errors.push(result.stderr);
    }
  }
  return errors;
}

describe('a PostgreSQL database the CLI cannot use', () => {
  it('refuses the wrong password in one sentence, without printing it', async () => {
    const url = `postgres://postgres:wrong-password@127.0.0.1:${guarded.port}/postgres`;
    for (const error of await everyCommand(url)) {
      expect(error).toBe(`PostgreSQL at "postgres" on 127.0.0.1:${guarded.port} refused the user name or password in --db / DATABASE_URL.\n`);
    }
    // The right one opens it.
    expect((await runCli(['status', '--db', guarded.url()], dir, {})).code).toBe(0);
  });

  it('says nothing answers where nothing listens, without the password', async () => {
    const port = await freeLoopbackPort();
    for (const error of await everyCommand(`postgresql://someone:secret@127.0.0.1:${port}/campaigns`)) {
      expect(error).toBe(`Nothing answers at "campaigns" on 127.0.0.1:${port}: start PostgreSQL there, or correct --db / DATABASE_URL.\n`);
    }
  });

  it('says a database is missing', async () => {
    for (const error of await everyCommand(`postgres://postgres:right-password@127.0.0.1:${guarded.port}/no_such_db`)) {
      expect(error).toBe(`There is no database "no_such_db" on 127.0.0.1:${guarded.port}: create it (createdb) or correct --db / DATABASE_URL.\n`);
    }
  });

  it('refuses a URL that is not one', async () => {
    for (const error of await everyCommand('postgres:/no-host')) {
      expect(error).toBe('--db / DATABASE_URL: expected a URL starting with postgres:// or postgresql://.\n');
    }
  });
});
