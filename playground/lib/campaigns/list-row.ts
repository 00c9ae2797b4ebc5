import type { Completion, ListStatus } from '../../../core/plan/list-status.js';
export { statusLabels } from '../../../core/plan/list-status.js';

/** One recipient list as Edit Recipients shows it, sent by the page load and the live stream alike. */
export interface ListRow {
  id: string;
  fileName: string;
  /** Instants as RFC 3339 `…Z` strings (they cross the wire as JSON). */
  createdAt: string;
  startAfter: string;
  endBefore: string | null;
  status: ListStatus;
  completion: Completion | null;
  total: number;
  sent: number;
  failed: number;
  optedOut: number;
  unknown: number;
  /** Still to text (pending, or claimed and being sent). */
  remaining: number;
  /** For a completed or stopped list: recipients never texted. */
  unreached: number;
  /** For a scheduled or in-progress list: its finish projected from the current state; null if none is in sight. */
  projectedFinish: string | null;
  /** For a scheduled or in-progress list: how many its end date would leave unmessaged as things stand. */
  projectedUnreached: number;
  /** For a scheduled or in-progress list: its next projected send. */
  nextSend: string | null;
}

/** The tabs of Edit Recipients, each the lists of one status. */
export const tabs = [
  { status: 'scheduled', label: 'Scheduled' },
  { status: 'in_progress', label: 'In Progress' },
  { status: 'completed', label: 'Completed' },
  { status: 'stopped', label: 'Stopped' }
] as const satisfies readonly { status: ListStatus; label: string }[];

export const isStoppable = (row: ListRow) => row.status === 'scheduled' || row.status === 'in_progress';
