import { Temporal } from 'temporal-polyfill';
import { atMsOf } from '../../core/campaign/timeline-lines.js';
import type { TimelineEvent } from '../../core/campaign/timeline.js';
import type { DeliveryStatus } from '../../core/ports/provider.js';
import type { AttemptResult, NewAttempt, SendAttempt } from '../../core/ports/store.js';
import { ChunkedArray, float64Column, Int32Rows, InternedStrings } from './columns.js';

// How the memory store keeps attempts and timeline lines: one column per field, not an object
// per record (see columns.ts). A million-recipient simulation keeps millions of them, and every live object is
// walked again by each garbage collection (which took 40% of such a run). Instants are kept as
// epoch milliseconds and made when read: temporal-polyfill keeps every Instant's slots in a
// WeakMap, and millions of live ones make each garbage collection crawl.

const outcomes = ['sending', 'sent', 'failed', 'opted_out', 'retry', 'unknown', 'halted'] as const satisfies ReadonlyArray<SendAttempt['outcome']>;
export const deliveryStatuses = ['queued', 'sent', 'delivered', 'undelivered', 'failed'] as const satisfies readonly DeliveryStatus[];
const noStatus = 255;
/** Fields of an attempt's record of small integers (see Int32Rows). */
const CAMPAIGN = 0, LIST = 1, ROW = 2, OUTCOME = 3, STATUS = 4, CODE = 5;

/** Every attempt in the order it began, by index: numbers in typed arrays, repeated strings interned. */
export class AttemptColumns {
  private readonly ids = new ChunkedArray<string>();
  private readonly phones = new ChunkedArray<string>();
  private readonly bodies = new ChunkedArray<string>();
  private readonly providerIds = new ChunkedArray<string | null>();
  /** Campaign, list (interned), row, outcome, delivery status, code (interned). */
  private readonly numbers = new Int32Rows(6);
  private readonly atMs = float64Column();
  private readonly retryAtMs = float64Column();
  private readonly names = new InternedStrings();
  /** Consecutive attempts nearly always share their campaign and list. */
  private lastCampaign: [string, number] = ['', -1];
  private lastList: [string, number] = ['', -1];

  get size(): number {
    return this.ids.length;
  }

  /** Logs a new attempt, `sending`; its index. */
  add(begun: NewAttempt): number {
    this.ids.push(begun.id);
    this.phones.push(begun.phone);
    this.bodies.push(begun.body);
    this.providerIds.push(null);
    const i = this.numbers.add();
    if (begun.campaignId !== this.lastCampaign[0]) this.lastCampaign = [begun.campaignId, this.names.numberOf(begun.campaignId)];
    if (begun.listId !== this.lastList[0]) this.lastList = [begun.listId, this.names.numberOf(begun.listId)];
    this.numbers.set(i, CAMPAIGN, this.lastCampaign[1]);
    this.numbers.set(i, LIST, this.lastList[1]);
    this.numbers.set(i, ROW, begun.row);
    this.numbers.set(i, STATUS, noStatus);
    this.numbers.set(i, CODE, -1);
    this.atMs.push(begun.atMs);
    this.retryAtMs.push(Number.NaN);
    return i;
  }

  finish(i: number, result: AttemptResult): void {
    this.numbers.set(i, OUTCOME, outcomes.indexOf(result.outcome));
    switch (result.outcome) {
      case 'sent':
        this.providerIds.set(i, result.providerId);
        this.setDeliveryStatus(i, result.status);
        break;
      case 'retry':
        this.numbers.set(i, CODE, this.names.numberOf(result.code));
        this.retryAtMs.set(i, result.retryAtMs);
        break;
      case 'failed':
      case 'opted_out':
      case 'halted':
        this.numbers.set(i, CODE, this.names.numberOf(result.code));
        break;
      case 'unknown':
        break;
    }
  }

  idOf(i: number): string {
    return this.ids.at(i);
  }
  campaignIdOf(i: number): string {
    return this.names.valueOf(this.numbers.at(i, CAMPAIGN)) as string;
  }
  /** Whether attempt `i` is of this campaign, without a lookup per attempt. */
  isOfCampaign(i: number, campaignId: string): boolean {
    return this.numbers.at(i, CAMPAIGN) === this.names.find(campaignId);
  }
  listIdOf(i: number): string {
    return this.names.valueOf(this.numbers.at(i, LIST)) as string;
  }
  rowOf(i: number): number {
    return this.numbers.at(i, ROW);
  }
  phoneOf(i: number): string {
    return this.phones.at(i);
  }
  bodyOf(i: number): string {
    return this.bodies.at(i);
  }
  atMsOf(i: number): number {
    return this.atMs.at(i);
  }
  outcomeOf(i: number): SendAttempt['outcome'] {
    return outcomes[this.numbers.at(i, OUTCOME)] as SendAttempt['outcome'];
  }
  providerIdOf(i: number): string | null {
    return this.providerIds.at(i);
  }
  deliveryStatusOf(i: number): DeliveryStatus | null {
    const code = this.numbers.at(i, STATUS);
    return code === noStatus ? null : (deliveryStatuses[code] as DeliveryStatus);
  }
  setDeliveryStatus(i: number, status: DeliveryStatus): void {
    this.numbers.set(i, STATUS, deliveryStatuses.indexOf(status));
  }
  codeOf(i: number): string | null {
    return this.names.valueOf(this.numbers.at(i, CODE));
  }
  /** NaN when there is none. */
  retryAtMsOf(i: number): number {
    return this.retryAtMs.at(i);
  }

  /** Attempt `i` as a value of its own. */
  record(i: number): SendAttempt {
    const retryAtMs = this.retryAtMs.at(i);
    return {
      id: this.idOf(i),
      campaignId: this.campaignIdOf(i),
      listId: this.listIdOf(i),
      row: this.rowOf(i),
      phone: this.phoneOf(i),
      body: this.bodyOf(i),
      atMs: this.atMsOf(i),
      outcome: this.outcomeOf(i),
      providerId: this.providerIdOf(i),
      deliveryStatus: this.deliveryStatusOf(i),
      code: this.codeOf(i),
      retryAtMs: Number.isNaN(retryAtMs) ? null : retryAtMs
    };
  }
}

/**
 * A timeline line about one attempt: phone, campaign, list and message id are read from the
 * attempt's row, where they never change once the provider took the message.
 */
abstract class AttemptLine {
  constructor(
    protected readonly attempts: AttemptColumns,
    protected readonly attempt: number
  ) {}

  get phone(): string {
    return this.attempts.phoneOf(this.attempt);
  }
  get campaignId(): string {
    return this.attempts.campaignIdOf(this.attempt);
  }
  get listId(): string {
    return this.attempts.listIdOf(this.attempt);
  }
  get providerId(): string {
    return this.attempts.providerIdOf(this.attempt) ?? '';
  }
}

/** A delivery status line: four slots, the rest read through its attempt. */
export class StoredStatus extends AttemptLine {
  constructor(
    attempts: AttemptColumns,
    attempt: number,
    readonly status: DeliveryStatus,
    readonly errorCode: string | null,
    readonly atMs: number
  ) {
    super(attempts, attempt);
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
    attempts: AttemptColumns,
    attempt: number,
    readonly campaignName: string,
    readonly listName: string
  ) {
    super(attempts, attempt);
  }

  get type(): 'outbound' {
    return 'outbound';
  }
  get atMs(): number {
    return this.attempts.atMsOf(this.attempt);
  }
  get at(): Temporal.Instant {
    return Temporal.Instant.fromEpochMilliseconds(this.atMs);
  }
  get body(): string {
    return this.attempts.bodyOf(this.attempt);
  }
}

/** Any other timeline event as kept: every field as given but `at`, which is made when read. */
export class StoredEvent {
  readonly atMs: number;
  [field: string]: unknown;

  constructor(event: TimelineEvent) {
    this.atMs = atMsOf(event);
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
