import { movesDeliveryStatusForward } from '../../core/campaign/delivery-status.js';
import type { DeliveryStatus } from '../../core/ports/provider.js';

/**
 * Twilio's message statuses in the port's terms. Statuses with no counterpart (an inbound
 * message's `receiving`/`received`, `partially_delivered`) are undefined: nothing to record.
 */
export function deliveryStatusOf(twilioStatus: string): DeliveryStatus | undefined {
  switch (twilioStatus) {
    case 'accepted':
    case 'scheduled':
    case 'queued':
      return 'queued';
    case 'sending':
    case 'sent':
      return 'sent';
    case 'delivered':
    case 'read':
      return 'delivered';
    case 'undelivered':
      return 'undelivered';
    case 'failed':
    case 'canceled':
      return 'failed';
    default:
      return undefined;
  }
}

/**
 * Remembers how far each message has got, so that callbacks that repeat or arrive after a later
 * one are recognised (the order is core's: `movesDeliveryStatusForward`). Bounded: past
 * `capacity` messages the oldest are forgotten, which only means a very late replay for them is
 * passed on — consumers keep their own states forward-only.
 */
export interface DeliveryLedger {
  /** Runs `record` and remembers the step only when `status` moves `messageSid` forward. */
  advance(messageSid: string, status: DeliveryStatus, record: () => void): boolean;
  /** Runs `record` the first time `messageSid` is seen (inbound messages have no states). */
  once(messageSid: string, record: () => void): boolean;
}

export function createDeliveryLedger(capacity = 100_000): DeliveryLedger {
  // An inbound message has no status: `null` only says it was seen.
  const reached = new Map<string, DeliveryStatus | null>();
  const step = (sid: string, to: DeliveryStatus | null, isNews: boolean, record: () => void): boolean => {
    if (!isNews) return false;
    // Recorded only after `record` succeeds, so a failed write can be retried by Twilio.
    record();
    reached.delete(sid);
    reached.set(sid, to);
    if (reached.size > capacity) {
      const oldest = reached.keys().next().value;
      if (oldest !== undefined) reached.delete(oldest);
    }
    return true;
  };
  return {
    advance: (sid, status, record) => {
      const from = reached.get(sid);
      return step(sid, status, from === undefined || from === null || movesDeliveryStatusForward(from, status), record);
    },
    once: (sid, record) => step(sid, null, !reached.has(sid), record)
  };
}
