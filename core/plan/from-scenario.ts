import type { Scenario } from '../scenario/scenario.js';
import { gapMs } from '../schedule/throttle.js';
import type { CampaignRules, PlannedList } from './planner.js';

/** A scenario in the scheduler's units: epoch milliseconds, zones resolved, first stop per list. */
export interface ScheduleInput {
  rules: CampaignRules;
  /** In the scenario's order; the scheduler serves them by (startAfter, createdAt, id). */
  lists: PlannedList[];
  stops: Map<string, number>;
  untilMs: number | null;
}

export function scheduleInputOf(scenario: Scenario): ScheduleInput {
  const { campaign } = scenario;
  const stops = new Map<string, number>();
  for (const action of scenario.actions) {
    const atMs = action.at.epochMilliseconds;
    const earlier = stops.get(action.stop);
    if (earlier === undefined || atMs < earlier) stops.set(action.stop, atMs);
  }
  return {
    rules: {
      timeZone: campaign.timeZone,
      hours: campaign.hours,
      gapMs: gapMs(campaign.rate),
      dailyLimit: campaign.dailyLimit
    },
    lists: scenario.lists.map((list) => ({
      id: list.id,
      createdAtMs: list.createdAt.epochMilliseconds,
      startAfterMs: list.startAfter.epochMilliseconds,
      endBeforeMs: list.endBefore?.epochMilliseconds ?? null,
      timeZones: list.recipients.map((recipient) => recipient.timeZone)
    })),
    stops,
    untilMs: scenario.until?.epochMilliseconds ?? null
  };
}
