/**
 * Growable columns for the memory store and provider. Numbers sit in typed arrays, which the
 * garbage collector never walks; repeated strings (ids of campaigns and lists, codes, names) are
 * kept once and referred to by number.
 */

/** Epoch milliseconds and other doubles, in a Float64Array that doubles when full. */
export class Float64Column {
  private data = new Float64Array(1024);
  private count = 0;

  get length(): number {
    return this.count;
  }

  push(value: number): number {
    if (this.count === this.data.length) {
      const bigger = new Float64Array(this.data.length * 2);
      bigger.set(this.data);
      this.data = bigger;
    }
    this.data[this.count] = value;
    return this.count++;
  }

  at(i: number): number {
    return this.data[i] as number;
  }

  set(i: number, value: number): void {
    this.data[i] = value;
  }
}

export const float64Column = () => new Float64Column();

/**
 * Records of `width` small integers side by side in one Int32Array that doubles when full: a
 * record added is one bounds and growth check, not one per field in a column of its own (which
 * cost a simulated send a dozen of them).
 */
export class Int32Rows {
  private data: Int32Array;
  private count = 0;

  constructor(private readonly width: number) {
    this.data = new Int32Array(width * 1024);
  }

  get length(): number {
    return this.count;
  }

  /** Appends a record of zeros; its index. */
  add(): number {
    if ((this.count + 1) * this.width > this.data.length) {
      const bigger = new Int32Array(this.data.length * 2);
      bigger.set(this.data);
      this.data = bigger;
    }
    return this.count++;
  }

  at(row: number, field: number): number {
    return this.data[row * this.width + field] as number;
  }

  set(row: number, field: number, value: number): void {
    this.data[row * this.width + field] = value;
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
