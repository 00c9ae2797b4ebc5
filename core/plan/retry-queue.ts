import { MinHeap } from './min-heap.js';

interface Entry {
  row: number;
  notBeforeMs: number;
  /** The row's retry number when queued: a later retry or a settle makes this entry stale. */
  version: number;
}

/**
 * The recipients of one list and one zone who wait to be retried, each from its own instant.
 * Two heaps: by `notBeforeMs` for those not yet due, by row for those due, so that asking for
 * the earliest retry or the first due row costs a logarithm, not a scan, however many wait (a
 * storm of 429s can leave thousands waiting). Entries go stale instead of being removed.
 */
export class RetryQueue {
  private readonly waiting = new MinHeap<Entry>((a, b) => a.notBeforeMs < b.notBeforeMs || (a.notBeforeMs === b.notBeforeMs && a.row < b.row));
  private readonly due = new MinHeap<Entry>((a, b) => a.row < b.row);
  /** The latest instant entries were moved to `due` as of: each due entry is due by then. */
  private dueAsOfMs = Number.NEGATIVE_INFINITY;

  /** `isLive(row, version)` says whether an entry still stands. */
  constructor(private readonly isLive: (row: number, version: number) => boolean) {}

  push(row: number, notBeforeMs: number, version: number): void {
    this.waiting.push({ row, notBeforeMs, version });
  }

  /** The earliest `notBeforeMs` of a live entry, counting due ones as due at `fromMs`; null when none waits. */
  earliestFrom(fromMs: number): number | null {
    this.dropStale();
    if (this.due.size() > 0) {
      // Queries normally move forward; one asked about an earlier instant looks at each entry.
      if (fromMs >= this.dueAsOfMs) return fromMs;
      let earliest = Number.POSITIVE_INFINITY;
      for (const entry of this.liveDue()) earliest = Math.min(earliest, entry.notBeforeMs);
      const waitingTop = this.waiting.peek();
      return Math.max(fromMs, Math.min(earliest, waitingTop?.notBeforeMs ?? Number.POSITIVE_INFINITY));
    }
    const top = this.waiting.peek();
    return top === undefined ? null : Math.max(fromMs, top.notBeforeMs);
  }

  /** The smallest live row due at `atMs`, or null. */
  firstDueAt(atMs: number): number | null {
    const wasDueAsOfMs = this.dueAsOfMs;
    for (let top = this.waiting.peek(); top !== undefined && top.notBeforeMs <= atMs; top = this.waiting.peek()) {
      this.waiting.pop();
      if (this.isLive(top.row, top.version)) this.due.push(top);
    }
    this.dueAsOfMs = Math.max(this.dueAsOfMs, atMs);
    this.dropStale();
    if (atMs >= wasDueAsOfMs) return this.due.peek()?.row ?? null;
    let first: number | null = null;
    for (const entry of this.liveDue()) if (entry.notBeforeMs <= atMs && (first === null || entry.row < first)) first = entry.row;
    return first;
  }

  private *liveDue(): Generator<Entry> {
    for (const entry of this.due.values()) if (this.isLive(entry.row, entry.version)) yield entry;
  }

  private dropStale(): void {
    for (let top = this.due.peek(); top !== undefined && !this.isLive(top.row, top.version); top = this.due.peek()) this.due.pop();
    for (let top = this.waiting.peek(); top !== undefined && !this.isLive(top.row, top.version); top = this.waiting.peek()) this.waiting.pop();
  }
}
