import { randomUUID } from 'node:crypto';
import type { Temporal } from 'temporal-polyfill';
import type { Clock } from '../../core/ports/clock.js';
import type { Provider, ProviderEvent, ProviderMessage } from '../../core/ports/provider.js';
import { createMemoryProvider } from '../memory/memory-provider.js';

/**
 * Where the simulated provider keeps what it "sent" so that it outlives the process: the database,
 * SQLite's (`createSqliteMessageLog`) or PostgreSQL's (`createPostgresMessageLog`).
 */
export interface SimulatedMessageLog {
  record(message: ProviderMessage): Promise<void>;
  /** Messages to `to` created at or after `since`, oldest first. */
  findTo(to: string, since: Temporal.Instant): Promise<ProviderMessage[]>;
}

/**
 * The worker's provider when Twilio is not configured: the ideal simulated provider on the real
 * clock, whose world is `log`. A message counts as sent once it is in the log, written before the
 * send answers, so after a restart `findMessages` tells the truth about every send a crash
 * interrupted, and reconciliation works as it does with Twilio.
 *
 * Provider ids carry a per-process prefix: the in-memory provider counts from SM1 in each process.
 */
export function createSimulatedProvider(options: { clock: Clock; log: SimulatedMessageLog; seed?: number }): Provider {
  const { clock, log } = options;
  // Delivery reports come a little after the send, as a carrier's would, not before its log line;
  // soon enough not to hold the process up (their timers) for long after a stop.
  const inner = createMemoryProvider({ clock, seed: options.seed ?? 1, deliveryDelayMs: 200 });
  const prefix = `SIM${randomUUID().slice(0, 8)}-`;
  return {
    async send(sms) {
      const outcome = await inner.send(sms);
      if (outcome.kind !== 'accepted') return outcome;
      const providerId = prefix + outcome.providerId;
      await log.record({ providerId, to: sms.to, body: sms.body, status: outcome.status, createdAt: clock.now() });
      return { ...outcome, providerId };
    },
    onEvent(listener) {
      // The log keeps each message's status at acceptance: reconciliation needs only that it exists,
      // and a write per delivery report would double the commits (and disk syncs) per send.
      return inner.onEvent((event) => listener(event.type === 'status' ? withProviderId(event, prefix + event.providerId) : event));
    },
    async findMessages(to, since) {
      return log.findTo(to, since);
    }
  };
}

/** The same status event under another id; made field by field, since `at` may be a getter. */
function withProviderId(event: Extract<ProviderEvent, { type: 'status' }>, providerId: string): ProviderEvent {
  return {
    type: 'status',
    providerId,
    status: event.status,
    at: event.at,
    ...(event.atMs === undefined ? {} : { atMs: event.atMs }),
    ...(event.errorCode === undefined ? {} : { errorCode: event.errorCode }),
    ...(event.errorScope === undefined ? {} : { errorScope: event.errorScope })
  };
}
