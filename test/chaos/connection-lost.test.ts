import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { startPostgresServer, type PostgresServer } from '../support/postgres-server.js';

// A regression test for what the chaos test found: when the PostgreSQL server went away
// (restarted as a crash would), the workers that had a transaction open died with "Unhandled 'error' event … on Client instance"
// (ECONNRESET, or "Connection terminated unexpectedly"). node-postgres emits 'error' on a client
// whose connection breaks, even with a query under way, and pg-pool takes its own listener off a
// client while it is checked out (pool.connect), so nothing listens: the process ends. A pooled
// `pool.query` is safe (pg-pool listens for it); a transaction on a checked-out client was not.

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const transactionModule = join(root, 'dist', 'adapters', 'postgres', 'transaction.js');

// A process with a transaction under way (a query running in it) when the server dies: the
// transaction must reject, and the process go on.
const child = `
import pg from 'pg';
const { inTransaction } = await import(process.argv[2]);
const pool = new pg.Pool({ connectionString: process.argv[1] });
pool.on('error', () => {});
try {
  await inTransaction(pool, async (client) => {
    await client.query('SELECT 1');
    console.log('in transaction');
    await client.query('SELECT pg_sleep(10)');
  });
  console.log('committed');
} catch (error) {
  console.log('rejected: ' + error.message);
}
await pool.end().catch(() => {});
console.log('still running');
`;

let server: PostgresServer | null = null;
afterEach(async () => {
  await server?.close();
  server = null;
});

describe('a transaction whose connection is lost', () => {
  it('rejects, and the process goes on (it does not die of an unhandled error event)', async () => {
    if (!existsSync(transactionModule)) throw new Error('The built code is missing: run "npm run build:cli" (npm test does it first).');
    server = await startPostgresServer();
    const url = await server.createDatabase('lost');
    const process_ = spawn(process.execPath, ['--input-type=module', '-e', child, url, transactionModule], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    const lines: string[] = [];
    let stderr = '';
    process_.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const closed = new Promise<number | null>((resolve) => process_.on('close', resolve));
    await new Promise<void>((resolve, reject) => {
      createInterface({ input: process_.stdout }).on('line', (line) => {
        lines.push(line);
        if (line === 'in transaction') resolve();
      });
      void closed.then(() => reject(new Error(`the child ended before its transaction began:\n${stderr}`)));
    });
    await server.stop('immediate');
    const code = await closed;

    const crash = stderr.split('\n').slice(0, 8).join('\n');
    expect({ code, last: lines.at(-1) }, `the process died when the server went away:\n${crash}`).toEqual({ code: 0, last: 'still running' });
    expect(lines[1]).toMatch(/^rejected: /);
  });
});
