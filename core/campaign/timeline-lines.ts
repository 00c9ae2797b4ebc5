import { Temporal } from 'temporal-polyfill';
import type { DeliveryStatus } from '../ports/provider.js';
import type { CustomerEvent, OutboundEvent, StatusEvent } from './timeline.js';

// The timeline events written for every send and every customer message, made from an instant in epoch ms.
// Their Instant is made only if someone reads `at` (a report, the JSON output): a simulation
// writes millions of them, and an Instant costs about a microsecond to make.

export class OutboundLine implements OutboundEvent {
  readonly type = 'outbound' as const;

  constructor(
    readonly atMs: number,
    readonly phone: string,
    readonly campaignId: string,
    readonly campaignName: string,
    readonly listId: string,
    readonly listName: string,
    readonly body: string,
    readonly providerId: string
  ) {}

  get at(): Temporal.Instant {
    return Temporal.Instant.fromEpochMilliseconds(this.atMs);
  }
}

export class StatusLine implements StatusEvent {
  readonly type = 'status' as const;

  constructor(
    readonly atMs: number,
    readonly phone: string,
    readonly campaignId: string,
    readonly listId: string,
    readonly providerId: string,
    readonly status: DeliveryStatus,
    readonly errorCode: string | null
  ) {}

  get at(): Temporal.Instant {
    return Temporal.Instant.fromEpochMilliseconds(this.atMs);
  }
}

export class CustomerLine implements CustomerEvent {
  constructor(
    readonly atMs: number,
    readonly type: CustomerEvent['type'],
    readonly phone: string,
    readonly body: string,
    readonly campaignId: string | null,
    readonly listId: string | null
  ) {}

  get at(): Temporal.Instant {
    return Temporal.Instant.fromEpochMilliseconds(this.atMs);
  }
}

/** An event's instant in epoch ms (a timeline line's or a provider's): the `atMs` it carries, else its Instant's. */
export function atMsOf(event: { at: Temporal.Instant; atMs?: number }): number {
  return event.atMs ?? event.at.epochMilliseconds;
}
