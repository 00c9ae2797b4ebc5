/** What decides which list goes first. */
export interface ServedList {
  startAfterMs: number;
  createdAtMs: number;
  id: string;
}

/**
 * Lists are served in the order (startAfter, createdAt, id): a total order, so two lists never
 * tie and every store, planner and projection serves them alike.
 */
export function compareServingOrder(a: ServedList, b: ServedList): number {
  return a.startAfterMs - b.startAfterMs || a.createdAtMs - b.createdAtMs || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}
