import { Temporal } from 'temporal-polyfill';
import type { DeliveryStatus } from '../../core/ports/provider.js';

export function statusCallbackOf(index: number, providerId: string, atMs: number, status: DeliveryStatus): StatusCallback {
  return status === 'undelivered'
    ? new StatusCallback(index, providerId, status, atMs, '30003', 'recipient')
    : new StatusCallback(index, providerId, status, atMs);
}

/**
 * A delivery callback whose Instant is made only if someone reads `at`: a simulation reports
 * millions, and the runtime reads `atMs` (see core/ports/clock.ts on what an Instant costs).
 */
export class StatusCallback {
  readonly type = 'status' as const;
  /** The message's index among those taken; private, so listeners see only the event's fields. */
  readonly #index: number;

  constructor(
    index: number,
    readonly providerId: string,
    readonly status: DeliveryStatus,
    readonly atMs: number,
    readonly errorCode?: string,
    readonly errorScope?: 'recipient'
  ) {
    this.#index = index;
  }

  get index(): number {
    return this.#index;
  }

  get at(): Temporal.Instant {
    return Temporal.Instant.fromEpochMilliseconds(this.atMs);
  }
}

/** Provider ids are `SM1`, `SM2`…, in the order messages were taken. */
export function providerIdOf(index: number): string {
  return `SM${index + 1}`;
}
