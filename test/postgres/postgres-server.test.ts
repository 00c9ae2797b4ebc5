import fs from 'node:fs';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPostgresStore } from '../../adapters/postgres/open-store.js';
import { startPostgresServer, type PostgresServer } from '../support/postgres-server.js';
import { campaignRecord, listRecord, phoneOf } from './records.js';

// A server of this file's own (not the shared one): these tests stop it under everyone's feet.

describe('the throwaway PostgreSQL server of the tests', () => {
  let server: PostgresServer;
  beforeAll(async () => {
    server = await startPostgresServer();
  });
  afterAll(async () => {
    await server.close();
  });

  it('lets a store go on after the server restarts abruptly, with everything it had committed', async () => {
    const { store, close } = await openPostgresStore(await server.createDatabase('store'));
    try {
      await store.saveCampaign(campaignRecord('c1'));
      await store.addList(listRecord('l1', 'c1'), [0, 1].map((i) => ({ phone: phoneOf(i), name: null, timeZone: 'UTC', variables: {} })));
      const attempt = { campaignId: 'c1', listId: 'l1', phone: phoneOf(0), body: 'Hi', atMs: 0 };
      expect(await store.claim({ ...attempt, id: 'a0', row: 0 })).toBe('claimed');

      // As abrupt as a crash: the pool's idle connections are cut, the next query opens new ones.
      await server.restart('immediate');

      expect(await store.recipientStates('l1')).toEqual(['sending', 'pending']);
      expect(await store.claim({ ...attempt, id: 'a1', row: 1, phone: phoneOf(1) })).toBe('claimed');
      expect((await store.unfinishedAttempts()).map((a) => a.id).sort()).toEqual(['a0', 'a1']);
    } finally {
      await close();
    }
  });

  it('fails, saying what to install, on a machine without PostgreSQL', async () => {
    await expect(startPostgresServer({ installedIn: '/nonexistent/postgresql' })).rejects.toThrow(
      'PostgreSQL is not installed on this machine: run `apt-get install -y postgresql` (Debian) to run the PostgreSQL tests.'
    );
  });

  it('listens on loopback only, in its own folder, and leaves nothing behind', async () => {
    const client = new pg.Client({ connectionString: server.url() });
    await client.connect();
    const setting = async (name: string) => (await client.query<Record<string, string>>(`SHOW ${name}`)).rows[0]?.[name];
    const dataDir = (await setting('data_directory')) as string;
    expect(await setting('listen_addresses')).toBe('127.0.0.1');
    expect(server.url()).toBe(`postgres://postgres@127.0.0.1:${server.port}/postgres`);
    expect(fs.existsSync(dataDir)).toBe(true);
    await client.end();

    await server.close();
    expect(fs.existsSync(dataDir)).toBe(false);
    await expect(new pg.Client({ connectionString: server.url() }).connect()).rejects.toThrow(/ECONNREFUSED/);
  });
});
