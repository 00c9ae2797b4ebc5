import { Temporal } from 'temporal-polyfill';
import type Database from 'better-sqlite3';
import { deliveryStatuses, type DeliveryStatus } from '../../core/ports/provider.js';
import { z } from 'zod';

/** A message the simulated provider "sent", as it keeps it in the database. */
export interface SimulatedMessage {
  providerId: string;
  to: string;
  body: string;
  status: DeliveryStatus;
  createdAt: Temporal.Instant;
}

/**
 * The simulated provider's own record of what it took, in the worker's database: after a restart
 * it reconciles a send left `sending` from this log, as Twilio's would be asked for its messages.
 */
export interface SqliteMessageLog {
  record(message: SimulatedMessage): Promise<void>;
  /** Its messages to `to` created at or after `since`, oldest first. */
  findTo(to: string, since: Temporal.Instant): Promise<SimulatedMessage[]>;
  setStatus(providerId: string, status: DeliveryStatus): Promise<void>;
}

export function createSqliteMessageLog(db: Database.Database): SqliteMessageLog {
  const insert = db.prepare('INSERT INTO simulated_messages (provider_id, to_phone, body, status, created_at_ms) VALUES (?, ?, ?, ?, ?)');
  const find = db.prepare(
    'SELECT provider_id, to_phone, body, status, created_at_ms FROM simulated_messages WHERE to_phone = ? AND created_at_ms >= ? ORDER BY created_at_ms, rowid'
  );
  const update = db.prepare('UPDATE simulated_messages SET status = ? WHERE provider_id = ?');
  return {
    // Asynchronous only to share the simulated provider's port with the PostgreSQL log.
    async record(message) {
      insert.run(message.providerId, message.to, message.body, message.status, message.createdAt.epochMilliseconds);
    },
    async findTo(to, since) {
      return (find.all(to, since.epochMilliseconds) as unknown[]).map((row) => {
        const r = messageRow.parse(row);
        return {
          providerId: r.provider_id,
          to: r.to_phone,
          body: r.body,
          status: r.status,
          createdAt: Temporal.Instant.fromEpochMilliseconds(r.created_at_ms)
        };
      });
    },
    async setStatus(providerId, status) {
      update.run(status, providerId);
    }
  };
}

const messageRow = z.object({
  provider_id: z.string(),
  to_phone: z.string(),
  body: z.string(),
  status: z.enum(deliveryStatuses),
  created_at_ms: z.number()
});
