import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';
import { createPostgresStore } from '../../adapters/postgres/postgres-store.js';
import type { Store } from '../../core/ports/store.js';
import { campaignRecord } from './records.js';

// Each test gets a place of its own on the shared test server, so that it starts from nothing.

/** A pool on a new database, a copy of the shared migrated one: a store's empty tables, ready. */
export async function poolOnMigratedDatabase(options: { max?: number } = {}): Promise<pg.Pool> {
  const name = `t_${randomUUID().replaceAll('-', '')}`;
  // FILE_COPY copies the template's files (cheap here: the test server does not fsync).
  await asAdmin(`CREATE DATABASE ${name} TEMPLATE ${inject('postgresTemplate')} STRATEGY FILE_COPY`);
  return pool(inject('postgresUrl').replace(/\/postgres$/, `/${name}`), {}, options);
}

/** The URL of a new, empty database (no tables): for code that opens and migrates it itself, as the CLI does. */
export async function emptyDatabaseUrl(): Promise<string> {
  const name = `t_${randomUUID().replaceAll('-', '')}`;
  await asAdmin(`CREATE DATABASE ${name}`);
  return inject('postgresUrl').replace(/\/postgres$/, `/${name}`);
}

/** A store on a new migrated database holding campaign `c1`, with the pool under it (to read rows behind its back). */
export async function storeWithCampaign(): Promise<{ pool: pg.Pool; store: Store }> {
  const pool = await poolOnMigratedDatabase();
  const store = createPostgresStore(pool);
  await store.saveCampaign(campaignRecord('c1'));
  return { pool, store };
}

/** A pool on a new, empty schema (its search path set to that schema only): for migration tests. */
export async function poolOnFreshSchema(options: { max?: number } = {}): Promise<pg.Pool> {
  const schema = `t_${randomUUID().replaceAll('-', '')}`;
  await asAdmin(`CREATE SCHEMA ${schema}`);
  return pool(inject('postgresUrl'), { options: `-c search_path=${schema}` }, options);
}

/** The URL of a pool's database and schema, for code that opens its own pool (`openPostgresStore`). */
export function urlOf(pool: pg.Pool): string {
  const { connectionString, options } = pool.options as { connectionString: string; options?: string };
  return options === undefined ? connectionString : `${connectionString}?options=${encodeURIComponent(options)}`;
}

async function asAdmin(sql: string): Promise<void> {
  const admin = new pg.Client({ connectionString: inject('postgresUrl') });
  await admin.connect();
  try {
    await admin.query(sql);
  } finally {
    await admin.end();
  }
}

function pool(connectionString: string, config: pg.PoolConfig, options: { max?: number }): pg.Pool {
  const made = new pg.Pool({ connectionString, ...config, max: options.max ?? 4 });
  // A restarted server closes idle connections: the pool says so here, and reconnects.
  made.on('error', () => {});
  return made;
}
