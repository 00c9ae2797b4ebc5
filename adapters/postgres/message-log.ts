import { Temporal } from 'temporal-polyfill';
import type pg from 'pg';
import { z } from 'zod';
import { deliveryStatuses, type ProviderMessage } from '../../core/ports/provider.js';
import { epochMs, parseRow } from './rows.js';

/**
 * The simulated provider's own record of what it took, in the PostgreSQL database (the SQLite
 * store's `createSqliteMessageLog`, for a server): after a restart, on this machine or another, a
 * worker reconciles a send left `sending` from this log, as Twilio's would be asked for its messages.
 */
export interface PostgresMessageLog {
  record(message: ProviderMessage): Promise<void>;
  /** Its messages to `to` created at or after `since`, in the order they were recorded. */
  findTo(to: string, since: Temporal.Instant): Promise<ProviderMessage[]>;
}

export function createPostgresMessageLog(pool: pg.Pool): PostgresMessageLog {
  return {
    async record(message) {
      await pool.query('INSERT INTO simulated_messages (provider_id, to_phone, body, status, created_at_ms) VALUES ($1, $2, $3, $4, $5)', [
        message.providerId,
        message.to,
        message.body,
        message.status,
        message.createdAt.epochMilliseconds
      ]);
    },
    async findTo(to, since) {
      const { rows } = await pool.query(
        'SELECT provider_id, to_phone, body, status, created_at_ms FROM simulated_messages WHERE to_phone = $1 AND created_at_ms >= $2 ORDER BY created_at_ms, seq',
        [to, since.epochMilliseconds]
      );
      return rows.map((row) => {
        const r = parseRow(messageRow, row, `simulated_messages["${to}"]`);
        return { providerId: r.provider_id, to: r.to_phone, body: r.body, status: r.status, createdAt: Temporal.Instant.fromEpochMilliseconds(r.created_at_ms) };
      });
    }
  };
}

const messageRow = z.object({
  provider_id: z.string(),
  to_phone: z.string(),
  body: z.string(),
  status: z.enum(deliveryStatuses),
  created_at_ms: epochMs
});
