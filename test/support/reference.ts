import { Temporal } from 'temporal-polyfill';
import type { Scenario } from '../../core/index.js';

/**
 * Straightforward re-statements of DESIGN.md's rules with Temporal, one instant at a time and
 * sharing no code with core/schedule: what the property tests hold the scheduler to.
 */
const weekdayKeys = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;

function instantOf(date: Temporal.PlainDate, time: string, zone: string): number {
  const [hour, minute] = time.split(':').map(Number) as [number, number];
  const day = hour === 24 ? date.add({ days: 1 }) : date;
  return day
    .toPlainDateTime({ hour: hour === 24 ? 0 : hour, minute })
    .toZonedDateTime(zone, { disambiguation: 'compatible' }).epochMilliseconds;
}

/** Whether `atMs` lies in one of the windows of some local date, in `zone`. */
export function inWindow(hours: Scenario['campaign']['hours'], zone: string, atMs: number): boolean {
  const local = Temporal.Instant.fromEpochMilliseconds(atMs).toZonedDateTimeISO(zone).toPlainDate();
  for (const shift of [-1, 0, 1]) {
    const date = local.add({ days: shift });
    for (const [open, close] of hours[weekdayKeys[date.dayOfWeek - 1]!]) {
      const openMs = instantOf(date, open, zone);
      const closeMs = instantOf(date, close, zone);
      if (openMs <= atMs && atMs < closeMs) return true;
    }
  }
  return false;
}

export function localDate(atMs: number, zone: string): string {
  return Temporal.Instant.fromEpochMilliseconds(atMs).toZonedDateTimeISO(zone).toPlainDate().toString();
}

/** Lists in serving order: (startAfter, createdAt, id). */
export function servingOrder(scenario: Scenario): string[] {
  return [...scenario.lists]
    .sort(
      (a, b) =>
        Temporal.Instant.compare(a.startAfter, b.startAfter) ||
        Temporal.Instant.compare(a.createdAt, b.createdAt) ||
        (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
    )
    .map((list) => list.id);
}

export function firstStop(scenario: Scenario, listId: string): number | null {
  const stops = scenario.actions.filter((action) => action.stop === listId).map((action) => action.at.epochMilliseconds);
  return stops.length === 0 ? null : Math.min(...stops);
}
