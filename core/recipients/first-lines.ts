/**
 * The line where each phone of a list was first seen, for reporting later rows as duplicates.
 *
 * A million-entry `Map` keyed by E.164 strings cost about a second per million rows (hashing a
 * freshly concatenated string, then a pointer chase per entry) and 60 bytes an entry for the
 * collector to trace. E.164 has at most 15 digits, under 2^53, so the digits are exact as a double:
 * an open-addressed table of (digits, line) pairs in one typed array holds the same facts in
 * 32 bytes an entry, invisible to the garbage collector, and a lookup touches one cache line.
 */
export class FirstLines {
  /** Pairs: digits at 2·slot (0 when the slot is free), the line at 2·slot + 1. */
  private entries: Float64Array;
  private count = 0;

  constructor(capacity = 1024) {
    this.entries = new Float64Array(2 * 2 ** Math.ceil(Math.log2(Math.max(16, capacity * 2))));
  }

  get size(): number {
    return this.count;
  }

  /** The line `e164` was first seen on; else records `line` for it and answers undefined. */
  firstOrAdd(e164: string, line: number): number | undefined {
    const key = digitsOf(e164);
    const entries = this.entries;
    const mask = entries.length / 2 - 1;
    let slot = hash(key) & mask;
    for (let seen = entries[2 * slot]!; seen !== 0; seen = entries[2 * slot]!) {
      if (seen === key) return entries[2 * slot + 1];
      slot = (slot + 1) & mask;
    }
    entries[2 * slot] = key;
    entries[2 * slot + 1] = line;
    this.count += 1;
    // Half full at most keeps linear probing short.
    if (this.count * 4 > entries.length) this.grow();
    return undefined;
  }

  private grow(): void {
    const old = this.entries;
    const entries = new Float64Array(old.length * 2);
    const mask = entries.length / 2 - 1;
    for (let from = 0; from < old.length; from += 2) {
      const key = old[from]!;
      if (key === 0) continue;
      let slot = hash(key) & mask;
      while (entries[2 * slot] !== 0) slot = (slot + 1) & mask;
      entries[2 * slot] = key;
      entries[2 * slot + 1] = old[from + 1]!;
    }
    this.entries = entries;
  }
}

/**
 * `+12125550100` → 12125550100, read digit by digit rather than through a sliced string per row.
 * Never 0: E.164 starts with a digit from 1 to 9.
 */
function digitsOf(e164: string): number {
  if (e164.length > 16) throw new RangeError(`not an E.164 number: ${e164}`);
  let digits = 0;
  for (let at = 1; at < e164.length; at += 1) digits = digits * 10 + (e164.charCodeAt(at) - 48);
  return digits;
}

/** Mixes both 32-bit halves, so numbers that differ only in their leading digits spread too. */
function hash(key: number): number {
  const low = key >>> 0;
  const high = Math.floor(key / 4294967296) >>> 0;
  let h = Math.imul(low ^ Math.imul(high, 0x9e3779b1), 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}
