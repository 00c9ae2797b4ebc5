/**
 * Growable columns for the memory store and provider. Numbers sit in typed arrays, which the
 * garbage collector never walks; repeated strings (ids of campaigns and lists, codes, names) are
 * kept once and referred to by number.
 */

// Numbers are kept in fixed-size typed-array chunks, not one array doubled when full: doubling
// touches about three times the final size (a zeroed copy each time), and a million-recipient
// simulation paid for those pages in system time.
const numberChunkBits = 14;
const numberChunkSize = 1 << numberChunkBits;
const numberChunkMask = numberChunkSize - 1;

/** Epoch milliseconds and other doubles. */
export class Float64Column {
  private readonly chunks: Float64Array[] = [];
  private count = 0;

  get length(): number {
    return this.count;
  }

  push(value: number): number {
    const offset = this.count & numberChunkMask;
    if (offset === 0) this.chunks.push(new Float64Array(numberChunkSize));
    (this.chunks[this.chunks.length - 1] as Float64Array)[offset] = value;
    return this.count++;
  }

  at(i: number): number {
    return (this.chunks[i >>> numberChunkBits] as Float64Array)[i & numberChunkMask] as number;
  }

  set(i: number, value: number): void {
    (this.chunks[i >>> numberChunkBits] as Float64Array)[i & numberChunkMask] = value;
  }
}

export const float64Column = () => new Float64Column();

/**
 * Records of `width` small integers side by side: a record added is one growth check, not one per
 * field in a column of its own (which cost a simulated send a dozen of them).
 */
export class Int32Rows {
  private readonly chunks: Int32Array[] = [];
  private count = 0;

  constructor(private readonly width: number) {}

  get length(): number {
    return this.count;
  }

  /** Appends a record of zeros; its index. */
  add(): number {
    if ((this.count & numberChunkMask) === 0) this.chunks.push(new Int32Array(numberChunkSize * this.width));
    return this.count++;
  }

  at(row: number, field: number): number {
    return (this.chunks[row >>> numberChunkBits] as Int32Array)[(row & numberChunkMask) * this.width + field] as number;
  }

  set(row: number, field: number, value: number): void {
    (this.chunks[row >>> numberChunkBits] as Int32Array)[(row & numberChunkMask) * this.width + field] = value;
  }
}

/**
 * A growable array of references in fixed-size chunks: one array of a million grows by copying
 * itself (and every reference in it is recorded again for the garbage collector), chunks never
 * move.
 */
export class ChunkedArray<T> {
  private readonly chunks: T[][] = [];
  private count = 0;

  get length(): number {
    return this.count;
  }

  push(value: T): number {
    const offset = this.count & chunkMask;
    if (offset === 0) this.chunks.push(new Array<T>(chunkSize));
    (this.chunks[this.chunks.length - 1] as T[])[offset] = value;
    return this.count++;
  }

  at(i: number): T {
    return (this.chunks[i >>> chunkBits] as T[])[i & chunkMask] as T;
  }

  set(i: number, value: T): void {
    (this.chunks[i >>> chunkBits] as T[])[i & chunkMask] = value;
  }
}

const chunkBits = 12;
const chunkSize = 1 << chunkBits;
const chunkMask = chunkSize - 1;

/** Strings that repeat, each kept once and known by its number; null is -1. */
export class InternedStrings<S extends string = string> {
  private readonly numbers = new Map<S, number>();
  private readonly values: S[] = [];

  numberOf(value: S | null): number {
    if (value === null) return -1;
    let n = this.numbers.get(value);
    if (n === undefined) {
      n = this.values.push(value) - 1;
      this.numbers.set(value, n);
    }
    return n;
  }

  /** The number of a string already kept, else -1 (nothing is added). */
  find(value: S): number {
    return this.numbers.get(value) ?? -1;
  }

  valueOf(n: number): S | null {
    return n < 0 ? null : (this.values[n] as S);
  }
}
