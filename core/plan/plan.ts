import type { Scenario } from '../scenario/scenario.js';
import { scheduleInputOf, type ScheduleInput } from './schedule-input.js';
import { createSendPlanner } from './planner.js';

/** One send of a plan: when (epoch ms), which list, which row (0-based, file order). */
export interface PlannedSend {
  atMs: number;
  list: string;
  row: number;
}

/**
 * Every send of the scenario with an ideal provider, one at a time and lazily: the reference
 * the fast projection is checked against, and what a runtime with nothing going wrong does.
 */
export function* plan(scenario: Scenario): Generator<PlannedSend, void, undefined> {
  yield* planInput(scheduleInputOf(scenario));
}

export function* planInput(input: ScheduleInput): Generator<PlannedSend, void, undefined> {
  const planner = createSendPlanner(input.rules);
  for (const list of input.lists) planner.addList(list);
  for (const [listId, atMs] of input.stops) planner.stopList(listId, atMs);
  const untilMs = input.untilMs ?? Number.POSITIVE_INFINITY;
  let fromMs = Number.NEGATIVE_INFINITY;
  for (;;) {
    const send = planner.next(fromMs);
    if (send === null || send.atMs >= untilMs) return;
    planner.record({ listId: send.listId, row: send.row, atMs: send.atMs, result: 'done', countsTowardDailyLimit: true });
    fromMs = send.atMs;
    yield { atMs: send.atMs, list: send.listId, row: send.row };
  }
}
