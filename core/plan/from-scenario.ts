import type { Campaign, Recipient, Scenario } from '../scenario/scenario.js';
import { gapMs } from '../schedule/throttle.js';
import type { CampaignRules, PlannedList } from './planner.js';
import { zoneRowsOf } from './zone-rows.js';

/** A scenario in the scheduler's units: epoch milliseconds, zones resolved, first stop per list. */
export interface ScheduleInput {
  rules: CampaignRules;
  /** In the scenario's order; the scheduler serves them by (startAfter, createdAt, id). */
  lists: PlannedList[];
  stops: Map<string, number>;
  untilMs: number | null;
}

/** The scheduler's view of a campaign's settings, from a scenario or a stored campaign. */
export function rulesOf(campaign: Pick<Campaign, 'timeZone' | 'hours' | 'rate' | 'dailyLimit'>): CampaignRules {
  return { timeZone: campaign.timeZone, hours: campaign.hours, gapMs: gapMs(campaign.rate), dailyLimit: campaign.dailyLimit };
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
    rules: rulesOf(campaign),
    lists: scenario.lists.map((list) => ({
      id: list.id,
      createdAtMs: list.createdAt.epochMilliseconds,
      startAfterMs: list.startAfter.epochMilliseconds,
      endBeforeMs: list.endBefore?.epochMilliseconds ?? null,
      timeZones: timeZonesOf(list.recipients),
      zoneRows: zoneRowsOf(list.recipients, (recipient) => recipient.timeZone)
    })),
    stops,
    untilMs: scenario.until?.epochMilliseconds ?? null
  };
}

const zonesCache = new WeakMap<readonly Recipient[], readonly string[]>();

/** Each row's zone, remembered per recipients array: a scenario is often projected many times. */
function timeZonesOf(recipients: readonly Recipient[]): readonly string[] {
  let zones = zonesCache.get(recipients);
  if (zones === undefined) zonesCache.set(recipients, (zones = recipients.map((recipient) => recipient.timeZone)));
  return zones;
}
