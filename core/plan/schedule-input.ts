import type { Temporal } from 'temporal-polyfill';
import type { Campaign, Recipient, Scenario } from '../scenario/scenario.js';
import { gapMs } from '../schedule/throttle.js';
import type { CampaignRules, PlannedList } from './planner.js';
import type { SendingState } from './sending-state.js';
import { zoneRowsOf } from './zone-rows.js';

/** A scenario in the scheduler's units: epoch milliseconds, zones resolved, first stop per list. */
export interface ScheduleInput {
  rules: CampaignRules;
  /** In the scenario's order; the scheduler serves them by (startAfter, createdAt, id). */
  lists: PlannedList[];
  stops: Map<string, number>;
  untilMs: number | null;
  /** A campaign already sending: where its throttle and daily limit stand (see `resumeFrom`); absent, it starts fresh. */
  sending?: SendingState | null;
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
    lists: scenario.lists.map((list) => plannedListOf(list, list.recipients)),
    stops,
    untilMs: scenario.until?.epochMilliseconds ?? null
  };
}

/** What the scheduler needs of a list, from a scenario's list or a stored one alike. */
export function plannedListOf(
  list: { id: string; createdAt: Temporal.Instant; startAfter: Temporal.Instant; endBefore: Temporal.Instant | null },
  recipients: readonly Pick<Recipient, 'timeZone'>[]
): PlannedList {
  return {
    id: list.id,
    createdAtMs: list.createdAt.epochMilliseconds,
    startAfterMs: list.startAfter.epochMilliseconds,
    endBeforeMs: list.endBefore?.epochMilliseconds ?? null,
    ...zonesOf(recipients)
  };
}

/**
 * Each row's zone and the rows grouped by zone, kept per recipients array: the projection beside
 * the form runs on every keystroke with a new scenario around the same lists, and grouping a
 * million rows is the one cost that grows with the list (about 20 ms). It cannot answer stale
 * while a parsed scenario's recipients are not changed in place: the key is the array itself and
 * the zone of a row is read only from `recipient.timeZone`; nothing in this code base edits a
 * parsed list in place (an edited list is a new array).
 */
const zonesCache = new WeakMap<readonly Pick<Recipient, 'timeZone'>[], Pick<PlannedList, 'timeZones' | 'zoneRows'>>();

function zonesOf(recipients: readonly Pick<Recipient, 'timeZone'>[]): Pick<PlannedList, 'timeZones' | 'zoneRows'> {
  let zones = zonesCache.get(recipients);
  if (zones === undefined) {
    zones = {
      timeZones: recipients.map((recipient) => recipient.timeZone),
      zoneRows: zoneRowsOf(recipients, (recipient) => recipient.timeZone)
    };
    zonesCache.set(recipients, zones);
  }
  return zones;
}
