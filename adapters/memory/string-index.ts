/**
 * Strings to row numbers (attempts by provider id or id, a list's rows by phone) in an open-addressing table of
 * typed arrays. A million-entry Map cost a fifth of a million-recipient simulation: every insert
 * and every miss walked entries scattered over a table the collector also marks on each pass, and
 * growing it copied them all into a new large object. Here a slot is two adjacent numbers (one
 * cache line to read), a miss usually stops at the first empty slot, and keys are not kept twice:
 * the caller's columns already hold them, and `keyOf(row)` reads one back to confirm a match.
 */
export class StringIndex {
  /** Per slot: its key's hash, then row + 1 (0: an empty slot). */
  private slots: Int32Array;
  private mask: number;
  private count = 0;

  constructor(private readonly keyOf: (row: number) => string | null) {
    this.slots = new Int32Array(2 * minSlots);
    this.mask = minSlots - 1;
  }

  /** The row last set for `key`, or -1. */
  get(key: string): number {
    const hash = hashOf(key);
    const slots = this.slots;
    for (let slot = hash & this.mask; ; slot = (slot + 1) & this.mask) {
      const stored = slots[2 * slot + 1] as number;
      if (stored === 0) return -1;
      if (slots[2 * slot] === hash && this.keyOf(stored - 1) === key) return stored - 1;
    }
  }

  /** Points `key` at `row` (a key set again points at its latest row); the row it pointed at before, or -1. */
  set(key: string, row: number): number {
    const hash = hashOf(key);
    const slots = this.slots;
    let slot = hash & this.mask;
    for (; ; slot = (slot + 1) & this.mask) {
      const stored = slots[2 * slot + 1] as number;
      if (stored === 0) break;
      if (slots[2 * slot] === hash && this.keyOf(stored - 1) === key) {
        slots[2 * slot + 1] = row + 1;
        return stored - 1;
      }
    }
    slots[2 * slot] = hash;
    slots[2 * slot + 1] = row + 1;
    this.count += 1;
    // At most half full, so that probes stay short and misses end early.
    if (this.count * 2 > this.mask + 1) this.resize(2 * (this.mask + 1));
    return -1;
  }

  /** Makes room for `keys` keys in all, so that a table whose size is known is not grown by doubling. */
  reserve(keys: number): void {
    let size = this.mask + 1;
    while (size < 2 * keys) size *= 2;
    if (size > this.mask + 1) this.resize(size);
  }

  private resize(size: number): void {
    const old = this.slots;
    this.slots = new Int32Array(2 * size);
    this.mask = size - 1;
    for (let i = 0; i < old.length; i += 2) {
      const stored = old[i + 1] as number;
      if (stored === 0) continue;
      const hash = old[i] as number;
      let slot = hash & this.mask;
      while (this.slots[2 * slot + 1] !== 0) slot = (slot + 1) & this.mask;
      this.slots[2 * slot] = hash;
      this.slots[2 * slot + 1] = stored;
    }
  }
}

const minSlots = 1024;

/** FNV-1a over UTF-16 code units, mixed at the end so that the low bits (the slot) spread well. */
function hashOf(key: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < key.length; i += 1) hash = Math.imul(hash ^ key.charCodeAt(i), 0x01000193);
  hash ^= hash >>> 16;
  hash = Math.imul(hash, 0x85ebca6b);
  return hash ^ (hash >>> 13);
}
