import pg from 'pg';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { PostgresDatabaseError } from '../../adapters/postgres/database-error.js';
import { migrate, migrations } from '../../adapters/postgres/migrations.js';
import { openPostgresStore } from '../../adapters/postgres/open-store.js';
import { createPostgresStore } from '../../adapters/postgres/postgres-store.js';
import { freeLoopbackPort } from '../support/postgres-server.js';
import { poolOnFreshSchema, urlOf } from './fresh-database.js';
import { campaignRecord } from './records.js';

const latest = migrations.at(-1)?.version ?? 0;
const campaign = campaignRecord('c1');

describe('PostgreSQL migrations', () => {
  const pools: pg.Pool[] = [];
  async function freshPool(): Promise<pg.Pool> {
    const pool = await poolOnFreshSchema();
    pools.push(pool);
    return pool;
  }
  afterEach(async () => {
    await Promise.all(pools.splice(0).map((pool) => pool.end()));
  });

  const version = async (pool: pg.Pool) => (await pool.query<{ version: number }>('SELECT version FROM schema_version')).rows[0]?.version;
  const tables = async (pool: pg.Pool) =>
    (await pool.query<{ t: string }>('SELECT table_name AS t FROM information_schema.tables WHERE table_schema = current_schema() ORDER BY 1')).rows.map(
      (row) => row.t
    );

  it('builds an empty database up to the latest schema', async () => {
    const pool = await freshPool();
    expect(await tables(pool)).toEqual([]);
    expect(await migrate(pool)).toBe(latest);
    expect(await version(pool)).toBe(latest);
    expect(await tables(pool)).toEqual(
      [
        'attempts',
        'campaigns',
        'leases',
        'lists',
        'opt_outs',
        'pending_reports',
        'recipients',
        'schema_version',
        'simulated_messages',
        'store_revision',
        'timeline'
      ].sort()
    );
  });

  it('does nothing when run again, and keeps the data', async () => {
    const pool = await freshPool();
    await migrate(pool);
    const store = createPostgresStore(pool);
    await store.saveCampaign(campaign);
    const revision = await store.revision();
    expect(await migrate(pool)).toBe(latest);
    expect(await store.campaign('c1')).toEqual(campaign);
    expect(await store.revision()).toBe(revision);
  });

  it('brings a version 1 database up to date: its campaigns read back with no sender, then keep one once saved', async () => {
    const pool = await freshPool();
    expect(await migrate(pool, migrations.filter((m) => m.version === 1))).toBe(1);
    await pool.query(
      `INSERT INTO campaigns (id, name, time_zone, hours_json, rate_messages, rate_per_seconds, daily_limit, message)
       VALUES ($1, $2, $3, $4::jsonb, $5, $6, $7, $8)`,
      [campaign.id, campaign.name, campaign.timeZone, JSON.stringify(campaign.hours), campaign.rate.messages, campaign.rate.perSeconds, campaign.dailyLimit, campaign.message]
    );
    expect(await migrate(pool)).toBe(latest);
    const store = createPostgresStore(pool);
    expect(await store.campaign('c1')).toEqual({ ...campaign, sender: null });
    await store.saveCampaign({ ...campaign, sender: 'MG0123456789abcdef0123456789abcdef' });
    expect((await store.campaign('c1'))?.sender).toBe('MG0123456789abcdef0123456789abcdef');
  });

  it('refuses a database written by a newer version, in one sentence, and leaves it as it was', async () => {
    const pool = await freshPool();
    await migrate(pool);
    await createPostgresStore(pool).saveCampaign(campaign);
    await pool.query('UPDATE schema_version SET version = $1', [latest + 1]);

    const opening = openPostgresStore(urlOf(pool));
    await expect(opening).rejects.toBeInstanceOf(PostgresDatabaseError);
    await expect(opening).rejects.toThrow(
      new RegExp(`^The PostgreSQL database "postgres" on 127\\.0\\.0\\.1:\\d+ \\(schema t_\\w+\\) was written by a newer version of proactive-sms \\(schema ${latest + 1}, this one knows up to ${latest}\\): upgrade proactive-sms to use it\\.$`)
    );
    expect(await version(pool)).toBe(latest + 1);
    expect(await createPostgresStore(pool).campaign('c1')).toEqual(campaign);
  });

  it('applies all pending migrations in one transaction: one that fails leaves the schema as it was', async () => {
    const pool = await freshPool();
    await migrate(pool);
    const broken = [...migrations, { version: latest + 1, sql: 'CREATE TABLE half_done (x integer); SELECT no_such_function();' }];
    await expect(migrate(pool, broken)).rejects.toThrow(/no_such_function/);
    expect(await version(pool)).toBe(latest);
    expect(await tables(pool)).not.toContain('half_done');

    const fine = [...migrations, { version: latest + 1, sql: 'CREATE TABLE added_later (x integer);' }];
    expect(await migrate(pool, fine)).toBe(latest + 1);
    expect(await tables(pool)).toContain('added_later');
  });

  it('lets processes that start together migrate once, one after the other', async () => {
    const first = await freshPool();
    const url = urlOf(first);
    const starters = await Promise.all(Array.from({ length: 4 }, () => openPostgresStore(url)));
    try {
      expect(await version(first)).toBe(latest);
      expect((await first.query('SELECT * FROM store_revision')).rows).toEqual([{ id: 1, value: '0' }]);
      await starters[0]?.store.saveCampaign(campaign);
      expect(await starters[3]?.store.campaign('c1')).toEqual(campaign);
    } finally {
      await Promise.all(starters.map((s) => s.close()));
    }
  });

  it('says in one sentence when nothing answers at the address, or the database is missing', async () => {
    const free = await freeLoopbackPort();
    const error: unknown = await openPostgresStore(`postgres://someone:secret@127.0.0.1:${free}/campaigns`).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PostgresDatabaseError);
    // The whole message: it names the database, never the password.
    expect((error as Error).message).toBe(`Nothing answers at "campaigns" on 127.0.0.1:${free}: start PostgreSQL there, or correct --db / DATABASE_URL.`);
    const server = new URL(inject('postgresUrl'));
    await expect(openPostgresStore(`postgres://postgres@127.0.0.1:${server.port}/no_such_db`)).rejects.toThrow(
      `There is no database "no_such_db" on 127.0.0.1:${server.port}: create it (createdb) or correct --db / DATABASE_URL.`
    );
    await expect(openPostgresStore('mysql://127.0.0.1/x')).rejects.toThrow('--db / DATABASE_URL: expected a URL starting with postgres:// or postgresql://.');
  });
});

