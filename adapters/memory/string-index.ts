/**
 * Strings to row numbers (attempts by phone, by provider id) in an open-addressing table of
 * typed arrays. A million-entry Map cost a fifth of a million-recipient simulation: every insert
 * and every miss walked entries scattered over a table the collector also marks on each pass, and
 * growing it copied them all into a new large object. Here a slot is two numbers, a miss usually
 * stops at the first empty slot, and keys are not kept twice: the caller's columns already hold
 * them, and `keyOf(row)` reads one back to confirm a match.
 */
export class StringIndex {
  /** Row + 1 per slot; 0 is an empty slot. */
  private rows: Int32Array;
  private hashes: Int32Array;
  private mask: number;
  private count = 0;

  constructor(private readonly keyOf: (row: number) => string | null) {
    this.rows = new Int32Array(initialSlots);
    this.hashes = new Int32Array(initialSlots);
    this.mask = initialSlots - 1;
  }

  /** The row last set for `key`, or -1. */
  get(key: string): number {
    const hash = hashOf(key);
    for (let slot = hash & this.mask; ; slot = (slot + 1) & this.mask) {
      const stored = this.rows[slot] as number;
      if (stored === 0) return -1;
      if (this.hashes[slot] === hash && this.keyOf(stored - 1) === key) return stored - 1;
    }
  }

  /** Points `key` at `row` (a key set again points at its latest row). */
  set(key: string, row: number): void {
    const hash = hashOf(key);
    let slot = hash & this.mask;
    for (; ; slot = (slot + 1) & this.mask) {
      const stored = this.rows[slot] as number;
      if (stored === 0) break;
      if (this.hashes[slot] === hash && this.keyOf(stored - 1) === key) {
        this.rows[slot] = row + 1;
        return;
      }
    }
    this.rows[slot] = row + 1;
    this.hashes[slot] = hash;
    this.count += 1;
    // At most half full, so that probes stay short and misses end early.
    if (this.count * 2 > this.rows.length) this.grow();
  }

  private grow(): void {
    const rows = this.rows;
    const hashes = this.hashes;
    this.rows = new Int32Array(rows.length * 2);
    this.hashes = new Int32Array(rows.length * 2);
    this.mask = this.rows.length - 1;
    for (let old = 0; old < rows.length; old += 1) {
      const stored = rows[old] as number;
      if (stored === 0) continue;
      const hash = hashes[old] as number;
      let slot = hash & this.mask;
      while (this.rows[slot] !== 0) slot = (slot + 1) & this.mask;
      this.rows[slot] = stored;
      this.hashes[slot] = hash;
    }
  }
}

const initialSlots = 1024;

/** FNV-1a over UTF-16 code units, mixed at the end so that the low bits (the slot) spread well. */
function hashOf(key: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < key.length; i += 1) hash = Math.imul(hash ^ key.charCodeAt(i), 0x01000193);
  hash ^= hash >>> 16;
  hash = Math.imul(hash, 0x85ebca6b);
  return hash ^ (hash >>> 13);
}
