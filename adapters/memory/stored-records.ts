import { Temporal } from 'temporal-polyfill';
import type { TimelineEvent } from '../../core/campaign/timeline.js';
import type { DeliveryStatus } from '../../core/ports/provider.js';
import type { AttemptResult, SendAttempt } from '../../core/ports/store.js';

// How the memory store keeps attempts and timeline lines. Instants are kept as epoch milliseconds
// and made when read: temporal-polyfill keeps every Instant's slots in a WeakMap, and millions of
// live ones make each garbage collection crawl.

/** An attempt as kept: its instants in epoch ms, made into Instants only when read. */
export class StoredAttempt implements SendAttempt {
  readonly id: string;
  readonly campaignId: string;
  readonly listId: string;
  readonly row: number;
  readonly phone: string;
  readonly body: string;
  readonly atMs: number;
  outcome: SendAttempt['outcome'] = 'sending';
  providerId: string | null = null;
  deliveryStatus: DeliveryStatus | null = null;
  code: string | null = null;
  retryAtMs: number | null = null;

  constructor(begun: Pick<SendAttempt, 'id' | 'campaignId' | 'listId' | 'row' | 'phone' | 'body' | 'at'>) {
    this.id = begun.id;
    this.campaignId = begun.campaignId;
    this.listId = begun.listId;
    this.row = begun.row;
    this.phone = begun.phone;
    this.body = begun.body;
    this.atMs = begun.at.epochMilliseconds;
  }

  get at(): Temporal.Instant {
    return Temporal.Instant.fromEpochMilliseconds(this.atMs);
  }

  get retryAt(): Temporal.Instant | null {
    return this.retryAtMs === null ? null : Temporal.Instant.fromEpochMilliseconds(this.retryAtMs);
  }

  finish(result: AttemptResult): void {
    this.outcome = result.outcome;
    switch (result.outcome) {
      case 'sent':
        this.providerId = result.providerId;
        this.deliveryStatus = result.status;
        break;
      case 'retry':
        this.code = result.code;
        this.retryAtMs = result.retryAt.epochMilliseconds;
        break;
      case 'failed':
      case 'opted_out':
      case 'halted':
        this.code = result.code;
        break;
      case 'unknown':
        break;
    }
  }
}

/** A timeline line about one attempt: phone, campaign, list and message id are read through it. */
abstract class AttemptLine {
  constructor(protected readonly attempt: StoredAttempt) {}

  get phone(): string {
    return this.attempt.phone;
  }
  get campaignId(): string {
    return this.attempt.campaignId;
  }
  get listId(): string {
    return this.attempt.listId;
  }
  get providerId(): string {
    return this.attempt.providerId ?? '';
  }
}

/** A delivery status line: four slots, the rest read through its attempt. */
export class StoredStatus extends AttemptLine {
  constructor(
    attempt: StoredAttempt,
    readonly status: DeliveryStatus,
    readonly errorCode: string | null,
    readonly atMs: number
  ) {
    super(attempt);
  }

  get type(): 'status' {
    return 'status';
  }
  get at(): Temporal.Instant {
    return Temporal.Instant.fromEpochMilliseconds(this.atMs);
  }
}

/** A campaign message as sent: its attempt holds the body and the instant. */
export class StoredOutbound extends AttemptLine {
  constructor(
    attempt: StoredAttempt,
    readonly campaignName: string,
    readonly listName: string
  ) {
    super(attempt);
  }

  get type(): 'outbound' {
    return 'outbound';
  }
  get atMs(): number {
    return this.attempt.atMs;
  }
  get at(): Temporal.Instant {
    return this.attempt.at;
  }
  get body(): string {
    return this.attempt.body;
  }
}

/** Any other timeline event as kept: every field as given but `at`, which is made when read. */
export class StoredEvent {
  readonly atMs: number;
  [field: string]: unknown;

  constructor(event: TimelineEvent) {
    this.atMs = event.at.epochMilliseconds;
    for (const key in event) {
      if (key !== 'at') this[key] = event[key as keyof TimelineEvent];
    }
  }

  get at(): Temporal.Instant {
    return Temporal.Instant.fromEpochMilliseconds(this.atMs);
  }

  toJSON(): unknown {
    return { ...this, atMs: undefined, at: this.at };
  }
}
