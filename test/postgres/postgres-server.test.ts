import fs from 'node:fs';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { startPostgresServer } from '../support/postgres-server.js';

describe('the throwaway PostgreSQL server of the tests', () => {
  it('serves a new database on loopback, keeps its data across a restart, and leaves nothing behind', async () => {
    const server = await startPostgresServer();
    const pool = new pg.Pool({ connectionString: await server.createDatabase('kept') });
    // A restart closes the pool's idle connections under it: the pool reports that, then reconnects.
    pool.on('error', () => {});
    try {
      expect(server.url('kept')).toMatch(/^postgres:\/\/postgres@127\.0\.0\.1:\d+\/kept$/);
      await pool.query('CREATE TABLE t (v integer)');
      await pool.query('INSERT INTO t VALUES (42)');

      await server.restart('immediate');

      const { rows } = await pool.query<{ v: number }>('SELECT v FROM t');
      expect(rows).toEqual([{ v: 42 }]);
      const dataDir = (await pool.query<{ data_directory: string }>('SHOW data_directory')).rows[0]?.data_directory as string;
      expect(fs.existsSync(dataDir)).toBe(true);
      const listens = (await pool.query<{ listen_addresses: string }>('SHOW listen_addresses')).rows[0]?.listen_addresses;
      expect(listens).toBe('127.0.0.1');

      await pool.end();
      await server.close();
      expect(fs.existsSync(dataDir)).toBe(false);
    } finally {
      await server.close();
    }
  });
});
