import type { Temporal } from 'temporal-polyfill';
import type { OutboundSms } from '../ports/provider.js';

/** An SMS as the runtime hands it to a provider; its `key` is made only if the provider reads it. */
export class OutboundMessage implements OutboundSms {
  constructor(
    readonly to: string,
    readonly body: string,
    readonly from: string | null,
    readonly windowClosesAt: Temporal.Instant,
    private readonly listId: string,
    private readonly row: number
  ) {}

  get key(): string {
    return `${this.listId}/${this.row}`;
  }
}
