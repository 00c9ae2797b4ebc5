import pg from 'pg';
import { Temporal } from 'temporal-polyfill';
import { describe, expect, it } from 'vitest';
import { createPostgresMessageLog } from '../../adapters/postgres/message-log.js';
import { poolOnMigratedDatabase, urlOf } from './fresh-database.js';

describe('PostgreSQL: the simulated provider’s message log', () => {
  it('finds what it sent to a phone since an instant, in the order recorded, after a restart', async () => {
    const pool = await poolOnMigratedDatabase();
    const log = createPostgresMessageLog(pool);
    const at = (s: number) => Temporal.Instant.from('2026-03-02T10:00:00Z').add({ seconds: s });
    await log.record({ providerId: 'SIM1', to: '+14155550100', body: 'old', status: 'queued', createdAt: at(0) });
    // Two in the same millisecond, the later one first by id: the log keeps the order they came in.
    await log.record({ providerId: 'SIM9', to: '+14155550100', body: 'first', status: 'queued', createdAt: at(10) });
    await log.record({ providerId: 'SIM2', to: '+14155550100', body: 'second', status: 'sent', createdAt: at(10) });
    await log.record({ providerId: 'SIM3', to: '+14155550101', body: 'other', status: 'queued', createdAt: at(10) });

    await pool.end();
    // As a worker started after a crash reads it: on connections of its own.
    const reopened = new pg.Pool({ connectionString: urlOf(pool) });
    const found = await createPostgresMessageLog(reopened).findTo('+14155550100', at(10));
    expect(found.map((m) => [m.providerId, m.body, m.status, m.createdAt.toString()])).toEqual([
      ['SIM9', 'first', 'queued', '2026-03-02T10:00:10Z'],
      ['SIM2', 'second', 'sent', '2026-03-02T10:00:10Z']
    ]);
    expect(await createPostgresMessageLog(reopened).findTo('+14155550100', at(11))).toEqual([]);
    await reopened.end();
  });
});
