import type { TimelineEvent } from '../../core/campaign/timeline.js';
import { atMsOf } from '../../core/campaign/timeline-lines.js';
import type { DeliveryStatus } from '../../core/ports/provider.js';
import { float64Column, Int32Rows, InternedStrings } from './columns.js';
import { StoredEvent, StoredOutbound, StoredStatus, type AttemptColumns } from './stored-records.js';

/** What a timeline line is: the two about an attempt are kept as columns, the rest whole. */
const OTHER = 0;
const OUTBOUND = 1;
const STATUS = 2;
/** Fields of a line's record of small integers (see Int32Rows). */
const KIND = 0, REF = 1, FIRST = 2, SECOND = 3;

/**
 * The memory store's timeline in append order, one column per field (see stored-records.ts on
 * why). Delivery lines and campaign messages, nearly all of a big run's lines, point at their
 * attempt by index instead of copying its fields; lines are made into events when read.
 */
export class TimelineColumns {
  /**
   * Per line: what it is; the attempt's index, or for any other event its index in `others`; a
   * status line's status and error code, or a campaign message's campaign and list names (interned).
   */
  private readonly numbers = new Int32Rows(4);
  /** A status line's instant (NaN for the others, whose instant is elsewhere). */
  private readonly atMs = float64Column();
  private readonly texts = new InternedStrings();
  private readonly others: StoredEvent[] = [];

  constructor(private readonly attempts: AttemptColumns) {}

  /** Appends an event; `attempt` is the index of the attempt it is about, if it may point at it. */
  append(event: TimelineEvent, attempt: number | undefined): void {
    if (attempt !== undefined) {
      if (event.type === 'status') {
        this.push(STATUS, attempt, atMsOf(event), event.status, event.errorCode);
        return;
      }
      if (
        event.type === 'outbound' &&
        event.body === this.attempts.bodyOf(attempt) &&
        atMsOf(event) === this.attempts.atMsOf(attempt)
      ) {
        this.push(OUTBOUND, attempt, Number.NaN, event.campaignName, event.listName);
        return;
      }
    }
    this.others.push(new StoredEvent(event));
    this.push(OTHER, this.others.length - 1, Number.NaN, null, null);
  }

  *events(): Iterable<TimelineEvent> {
    for (let i = 0; i < this.numbers.length; i += 1) yield this.line(i);
  }

  eventsOf(phone: string): TimelineEvent[] {
    const found: TimelineEvent[] = [];
    for (let i = 0; i < this.numbers.length; i += 1) {
      const ref = this.numbers.at(i, REF);
      const linePhone = this.numbers.at(i, KIND) === OTHER ? (this.others[ref] as StoredEvent)['phone'] : this.attempts.phoneOf(ref);
      if (linePhone === phone) found.push(this.line(i));
    }
    return found;
  }

  private push(kind: number, ref: number, atMs: number, first: string | null, second: string | null): void {
    const i = this.numbers.add();
    this.numbers.set(i, KIND, kind);
    this.numbers.set(i, REF, ref);
    this.numbers.set(i, FIRST, this.texts.numberOf(first));
    this.numbers.set(i, SECOND, this.texts.numberOf(second));
    this.atMs.push(atMs);
  }

  private line(i: number): TimelineEvent {
    const ref = this.numbers.at(i, REF);
    switch (this.numbers.at(i, KIND)) {
      case STATUS:
        return new StoredStatus(
          this.attempts,
          ref,
          this.texts.valueOf(this.numbers.at(i, FIRST)) as DeliveryStatus,
          this.texts.valueOf(this.numbers.at(i, SECOND)),
          this.atMs.at(i)
        ) as unknown as TimelineEvent;
      case OUTBOUND:
        return new StoredOutbound(
          this.attempts,
          ref,
          this.texts.valueOf(this.numbers.at(i, FIRST)) as string,
          this.texts.valueOf(this.numbers.at(i, SECOND)) as string
        ) as unknown as TimelineEvent;
      default:
        return this.others[ref] as unknown as TimelineEvent;
    }
  }
}
