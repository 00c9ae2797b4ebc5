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
 * Whether a callback reporting `reported` is news for a message at `current`: callbacks arrive out
 * of order and more than once, so only a step forward counts.
 */
export function movesDeliveryStatusForward(current: DeliveryStatus, reported: DeliveryStatus): boolean {
  return rank[reported] > rank[current];
}

/** The status after a callback reporting `reported`: a status only ever moves forward. */
export function advanceDeliveryStatus(current: DeliveryStatus, reported: DeliveryStatus): DeliveryStatus {
  return movesDeliveryStatusForward(current, reported) ? reported : current;
}

export function isFinalDeliveryStatus(status: DeliveryStatus): boolean {
  return rank[status] === 2;
}
