import type { DeliveryStatus } from '../ports/provider.js';

/**
 * How far along a message is. `delivered`, `undelivered` and `failed` are all final and share a
 * rank: once a carrier has said one of them, a late or repeated callback must not overwrite it.
 */
const rank: Readonly<Record<DeliveryStatus, number>> = {
  queued: 0,
  sent: 1,
  delivered: 2,
  undelivered: 2,
  failed: 2
};

/**
 * The status after a callback reporting `reported`: callbacks arrive out of order and more than
 * once, so a status only ever moves forward.
 */
export function advanceDeliveryStatus(current: DeliveryStatus, reported: DeliveryStatus): DeliveryStatus {
  return rank[reported] > rank[current] ? reported : current;
}

export function isFinalDeliveryStatus(status: DeliveryStatus): boolean {
  return rank[status] === 2;
}
