import { Temporal } from 'temporal-polyfill';
import type { DeliveryStatus, ProviderMessage } from '../../core/ports/provider.js';
import { ChunkedArray, float64Column } from './columns.js';
import { providerIdOf } from './status-callback.js';

/** Messages taken, by index; the index by phone is only built once someone looks a phone up. */
export class TakenMessages {
  readonly to = new ChunkedArray<string>();
  readonly body = new ChunkedArray<string>();
  readonly status = new ChunkedArray<DeliveryStatus>();
  readonly createdAtMs = float64Column();
  /** Most phones get one message: kept bare rather than in an array of one. */
  private readonly byPhone = new Map<string, number | number[]>();
  private indexed = 0;

  add(to: string, body: string, createdAtMs: number): number {
    this.to.push(to);
    this.body.push(body);
    this.status.push('queued');
    this.createdAtMs.push(createdAtMs);
    return this.to.length - 1;
  }

  /** The messages to a phone, oldest first. */
  indicesTo(phone: string): number[] {
    for (; this.indexed < this.to.length; this.indexed += 1) {
      const i = this.indexed;
      const to = this.to.at(i);
      const mine = this.byPhone.get(to);
      if (mine === undefined) this.byPhone.set(to, i);
      else if (Array.isArray(mine)) mine.push(i);
      else this.byPhone.set(to, [mine, i]);
    }
    const mine = this.byPhone.get(phone);
    return mine === undefined ? [] : Array.isArray(mine) ? [...mine] : [mine];
  }

  message(i: number): ProviderMessage {
    return {
      providerId: providerIdOf(i),
      to: this.to.at(i),
      body: this.body.at(i),
      status: this.status.at(i),
      createdAt: Temporal.Instant.fromEpochMilliseconds(this.createdAtMs.at(i))
    };
  }
}
