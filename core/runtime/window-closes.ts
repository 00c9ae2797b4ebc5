import { Temporal } from 'temporal-polyfill';

/**
 * Window closes as Instants, the last few kept: consecutive sends mostly share one, and an Instant
 * costs about a microsecond to make (a million-send simulation would pay a second for them).
 */
export class WindowCloses {
  private readonly instants = new Map<number, Temporal.Instant>();

  at(closeMs: number): Temporal.Instant {
    let instant = this.instants.get(closeMs);
    if (instant === undefined) {
      if (this.instants.size >= 64) this.instants.clear();
      instant = Temporal.Instant.fromEpochMilliseconds(closeMs);
      this.instants.set(closeMs, instant);
    }
    return instant;
  }
}
