/** Where new ids come from, so that a seeded simulation produces the same ids every run. */
export interface IdSource {
  next(prefix: string): string;
}

/** Ids that count up per prefix: `msg-1`, `msg-2`… Deterministic, for simulations and tests. */
export function sequentialIds(): IdSource {
  const counters = new Map<string, number>();
  return {
    next(prefix) {
      const n = (counters.get(prefix) ?? 0) + 1;
      counters.set(prefix, n);
      return `${prefix}-${n}`;
    }
  };
}
