import { Temporal } from 'temporal-polyfill';
import type { Scenario } from '../scenario/scenario.js';
import { gapMs, type Rate } from '../schedule/throttle.js';
import { scheduleInputOf, type ScheduleInput } from './schedule-input.js';
import { projectInput } from './project.js';
import { instantText } from './projection.js';
import type { SendingState } from './sending-state.js';

/** What an administrator needs when an end date may be too soon. Instants are UTC `…Z` strings. */
export interface Advice {
  /** When the list completes as planned (its last send, its end or its stop); null if never. */
  completesAt: string | null;
  /** Recipients the list would leave unmessaged as planned. */
  unreached: number;
  /** The smallest throttle (same `perSeconds`) that reaches everyone before `endBefore`; null without an end date or when none can. */
  minRateToFinish: Rate | null;
  /** With a daily limit, the smallest one that reaches everyone before `endBefore`; null without either, or when none can. */
  minDailyLimitToFinish: number | null;
  /** The earliest end date that would reach everyone (one millisecond after the last send without an end); null if a stop cuts the list. */
  earliestEndBefore: string | null;
}

/**
 * Advice for one list of a scenario, projected to its end whatever the scenario's `until` (from
 * `options.sending` when the campaign is already sending, as `project` takes it). Each
 * answer is found by projecting variants of the scenario: the projection's cost does not grow
 * with the number of recipients, so a few dozen of them stay cheap.
 */
export function advise(scenario: Scenario, listId: string, options: { sending?: SendingState | null } = {}): Advice {
  const input: ScheduleInput = { ...scheduleInputOf(scenario), untilMs: null, sending: options.sending ?? null };
  const list = input.lists.find((candidate) => candidate.id === listId);
  if (list === undefined) throw new Error(`no list has the id "${listId}"`);
  const outcome = (variant: ScheduleInput) => {
    const projected = projectInput(variant).lists.find((candidate) => candidate.id === listId);
    if (projected === undefined) throw new Error(`list ${listId} vanished from its own projection`);
    return projected;
  };
  const reachesEveryone = (variant: ScheduleInput) => outcome(variant).completion === 'all_contacted';

  const planned = outcome(input);
  const unbounded = outcome({ ...input, lists: input.lists.map((l) => (l.id === listId ? { ...l, endBeforeMs: null } : l)) });
  const earliestEndBefore =
    unbounded.completion !== 'all_contacted'
      ? null
      : instantText(
          unbounded.lastSendAt === null ? list.startAfterMs + 1 : Temporal.Instant.from(unbounded.lastSendAt).epochMilliseconds + 1
        );

  let minRateToFinish: Rate | null = null;
  let minDailyLimitToFinish: number | null = null;
  if (list.endBeforeMs !== null) {
    const { perSeconds } = scenario.campaign.rate;
    const withMessages = (messages: number): ScheduleInput => ({
      ...input,
      rules: { ...input.rules, gapMs: gapMs({ messages, perSeconds }) }
    });
    // A gap of one millisecond is the fastest a throttle can be.
    const messages = smallestPassing(1, Math.max(1, Math.ceil(perSeconds * 1000)), (m) => reachesEveryone(withMessages(m)));
    if (messages !== null) minRateToFinish = { messages, perSeconds };

    const limit = input.rules.dailyLimit;
    if (limit !== null) {
      const everyone = input.lists.reduce((sum, l) => sum + l.timeZones.length, 0);
      // A day may have counted sends already: a limit that fits everyone must have room for them too.
      const counted = (input.sending?.counted ?? []).reduce((most, day) => Math.max(most, day.sends), 0);
      const withLimit = (dailyLimit: number): ScheduleInput => ({ ...input, rules: { ...input.rules, dailyLimit } });
      minDailyLimitToFinish = smallestPassing(1, Math.max(1, everyone + counted), (n) => reachesEveryone(withLimit(n)));
    }
  }

  return {
    completesAt: planned.completedAt,
    unreached: planned.unreached,
    minRateToFinish,
    minDailyLimitToFinish,
    earliestEndBefore
  };
}

/**
 * The smallest n in [low, high] for which `passes` holds, assuming that more never hurts;
 * null when even `high` fails.
 */
function smallestPassing(low: number, high: number, passes: (n: number) => boolean): number | null {
  if (!passes(high)) return null;
  let lo = low;
  let hi = high;
  while (lo < hi) {
    const mid = Math.floor((lo + hi) / 2);
    if (passes(mid)) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}
