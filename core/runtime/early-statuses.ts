import type { ProviderEvent } from '../ports/provider.js';

/**
 * Status callbacks that overtook the response to their own send, kept until the send is recorded.
 * At most `max` messages are kept; callbacks about messages this runtime never recorded (another
 * sender on the account) would otherwise pile up, so the oldest message's are dropped first.
 *
 * Nearly always one message waits at a time (the send under way), so the newest is kept apart
 * from the map: a Map emptied after every send reallocates its table each time.
 */
export class EarlyStatuses {
  private newestId: string | null = null;
  private newest: ProviderEvent[] = [];
  /** Older messages than the newest, oldest first. */
  private readonly older = new Map<string, ProviderEvent[]>();

  constructor(private readonly max: number) {}

  add(providerId: string, event: ProviderEvent): void {
    if (providerId === this.newestId) {
      this.newest.push(event);
      return;
    }
    const waiting = this.older.get(providerId);
    if (waiting !== undefined) {
      waiting.push(event);
      return;
    }
    if (this.newestId !== null) {
      if (this.older.size + 1 >= this.max) this.dropOldest();
      if (this.newestId !== null) this.older.set(this.newestId, this.newest);
    }
    this.newestId = providerId;
    this.newest = [event];
  }

  /** The callbacks kept for this message, oldest first, forgetting them. */
  take(providerId: string): ProviderEvent[] {
    if (providerId === this.newestId) {
      const events = this.newest;
      this.newestId = null;
      this.newest = [];
      return events;
    }
    const events = this.older.get(providerId);
    if (events === undefined) return [];
    this.older.delete(providerId);
    return events;
  }

  private dropOldest(): void {
    const oldest = this.older.keys().next();
    if (!oldest.done) this.older.delete(oldest.value);
    else {
      this.newestId = null;
      this.newest = [];
    }
  }
}
