/** The statuses a list moves through, only forward: scheduled → in_progress → completed | stopped. */
export type ListStatus = 'scheduled' | 'in_progress' | 'completed' | 'stopped';
export type Completion = 'all_contacted' | 'end_reached' | 'stopped';

export interface ListFacts {
  startAfterMs: number;
  endBeforeMs: number | null;
  /** The first stop action, if any. */
  stopAtMs: number | null;
  /** When the last pending recipient stopped being pending (its send), or null while some are. */
  drainedAtMs: number | null;
}

export interface ListOutcome {
  status: ListStatus;
  completion: Completion | null;
  /** When the list completed or was stopped; null while scheduled or in progress. */
  endedAtMs: number | null;
}

/**
 * A list's status as of `asOfMs` (DESIGN: completed when none is pending, at the last send, or
 * at `endBefore`; stopped when stopped while scheduled or in progress; both are terminal).
 */
export function listOutcome(facts: ListFacts, asOfMs: number): ListOutcome {
  const { startAfterMs, endBeforeMs, stopAtMs, drainedAtMs } = facts;
  const drainedMs = drainedAtMs === null ? Number.POSITIVE_INFINITY : Math.max(drainedAtMs, startAfterMs);
  const endMs = endBeforeMs ?? Number.POSITIVE_INFINITY;
  const stopMs = stopAtMs ?? Number.POSITIVE_INFINITY;
  // Whichever happens first ends the list; a stop at the very instant of the end still counts as
  // the stop, because actions take effect before anything else at their instant.
  const firstEndMs = Math.min(drainedMs, endMs, stopMs);
  if (firstEndMs > asOfMs) {
    return { status: asOfMs < startAfterMs ? 'scheduled' : 'in_progress', completion: null, endedAtMs: null };
  }
  if (stopMs === firstEndMs && stopMs < drainedMs) return { status: 'stopped', completion: 'stopped', endedAtMs: stopMs };
  if (drainedMs === firstEndMs) return { status: 'completed', completion: 'all_contacted', endedAtMs: drainedMs };
  return { status: 'completed', completion: 'end_reached', endedAtMs: endMs };
}

/** The Status column's words, for every screen: a stopped list reads as Cancelled there. */
export const statusLabels = {
  scheduled: 'Scheduled',
  in_progress: 'In Progress',
  completed: 'Completed',
  stopped: 'Cancelled'
} as const satisfies Record<ListStatus, string>;

/** How a list ended, in words. */
export const completionLabels = {
  all_contacted: 'everyone texted',
  end_reached: 'end date reached',
  stopped: 'stopped by an administrator'
} as const satisfies Record<Completion, string>;
