import { Temporal } from 'temporal-polyfill';
import { emptyReport, ReportCounter, type Report } from '../../core/campaign/report.js';
import type { TimelineEvent } from '../../core/campaign/timeline.js';
import type { ProjectedList } from '../../core/plan/projection.js';
import { sequentialIds } from '../../core/ports/ids.js';
import { seededRandom } from '../../core/ports/random.js';
import type { ListCounts, RecipientRecord } from '../../core/ports/store.js';
import { createRuntime, type CampaignHalt, type Runtime } from '../../core/runtime/runtime.js';
import { storeScenario } from '../../core/runtime/scenario-into-store.js';
import type { Scenario } from '../../core/scenario/scenario.js';
import { createMemoryProvider } from './memory-provider.js';
import { createMemoryStore } from './memory-store.js';
import { createVirtualClock } from './virtual-clock.js';

export interface SimulationOptions {
  /** Overrides the scenario's `until`. */
  until?: Temporal.Instant | null;
  /** Keep every timeline event in the result (a million-recipient run may not want them). */
  events?: boolean;
  /** Called after each simulated day with the lists as they stand. */
  onProgress?: (progress: SimulationProgress) => void;
  render?: (template: string, recipient: RecipientRecord) => string;
  /** Bound on clock wake-ups per simulated day, so a runaway loop fails instead of hanging. */
  maxStepsPerDay?: number;
}

export interface SimulationProgress {
  at: Temporal.Instant;
  lists: ProjectedList[];
}

/** Beside `sent/total`: what became of the others. */
export interface ListTally {
  id: string;
  pending: number;
  failed: number;
  optedOut: number;
  unknown: number;
}

export interface SimulationResult {
  /** As `project --json` prints them; equal to the projection's with an ideal provider. */
  lists: ProjectedList[];
  tallies: ListTally[];
  events: TimelineEvent[];
  report: Report & { lists: Array<Report & { id: string }> };
  halts: readonly CampaignHalt[];
  /** Where the virtual clock stopped. */
  endedAt: Temporal.Instant;
}

const campaignId = 'campaign-1';
const dayMs = 86_400_000;

/**
 * Plays a scenario with the real runtime on a virtual clock, against the seeded in-memory
 * provider and store: a month of campaign in seconds, the same run for the same seed.
 */
export async function simulate(scenario: Scenario, options: SimulationOptions = {}): Promise<SimulationResult> {
  const until = options.until === undefined ? scenario.until : options.until;
  const start = startOf(scenario, until);
  const clock = createVirtualClock({ start });
  // Reports are counted as lines are written rather than read back at the end (see the store's option).
  const reportCounter = new ReportCounter();
  const store = createMemoryStore({ onTimelineLine: (event) => reportCounter.add(event) });
  await storeScenario(store, scenario, campaignId);
  // The scenario does not (yet) say how chatty customers are; a quarter of those who reply write
  // again, so that reports show replies grouped into Contacts. An ideal provider never replies.
  const provider = createMemoryProvider({ clock, secondReplyRate: 0.25, ...scenario.provider });
  const runtime = createRuntime({
    clock,
    store,
    provider,
    // Retries draw from their own stream so the provider's choices do not shift with them.
    random: seededRandom(scenario.provider.seed ^ 0x5bd1e995),
    ids: sequentialIds(),
    ...(options.render === undefined ? {} : { render: options.render })
  });

  // Registered before the runtime first sleeps, so a stop wakes before a send at its instant.
  const actions = scenario.actions
    .map((action, index) => ({ action, index }))
    .sort((a, b) => a.action.at.epochMilliseconds - b.action.at.epochMilliseconds || a.index - b.index);
  for (const { action } of actions) void clock.sleepUntil(action.at.epochMilliseconds).then(() => runtime.stopList(action.stop));

  const stop = new AbortController();
  const running = runtime.run({ signal: stop.signal });
  const listIds = scenario.lists.map((list) => list.id);
  const maxSteps = options.maxStepsPerDay ?? 10_000_000;
  // Nothing is sent at `until` itself (a projection stops before it), so the runtime plays up to
  // the millisecond before; stops and callbacks due at `until` still happen, after it stopped.
  const lastMs = until === null ? null : until.epochMilliseconds - 1;
  while (lastMs === null || clock.nowMs() < lastMs) {
    const stepMs = Math.min(clock.nowMs() + dayMs, lastMs ?? Number.POSITIVE_INFINITY);
    await clock.runUntilIdle({ until: Temporal.Instant.fromEpochMilliseconds(stepMs), maxSteps });
    if (options.onProgress !== undefined) options.onProgress({ at: clock.now(), lists: await listStatuses(runtime, listIds) });
    if (lastMs === null && clock.pending() === 0) break;
  }
  stop.abort();
  await running;
  if (until !== null) await clock.advanceTo(until);
  await runtime.close();

  const events = options.events === false ? [] : await store.timelineEvents();
  const reports = reportCounter.reports();
  const tallies: ListTally[] = [];
  for (const id of listIds) tallies.push(tallyOf(id, await store.listCounts(id)));
  return {
    lists: await listStatuses(runtime, listIds, until),
    tallies,
    events,
    report: {
      ...(reports.campaigns.get(campaignId) ?? emptyReport()),
      lists: listIds.map((id) => ({ id, ...(reports.lists.get(id) ?? emptyReport()) }))
    },
    halts: runtime.halts(),
    endedAt: clock.now()
  };
}

async function listStatuses(runtime: Runtime, listIds: readonly string[], asOf?: Temporal.Instant | null): Promise<ProjectedList[]> {
  const lists: ProjectedList[] = [];
  for (const id of listIds) lists.push(await runtime.listStatus(id, asOf));
  return lists;
}

function tallyOf(id: string, counts: ListCounts): ListTally {
  return {
    id,
    pending: counts.states.pending + counts.states.sending,
    failed: counts.states.failed,
    optedOut: counts.states.opted_out,
    unknown: counts.states.unknown
  };
}

/** The first instant anything can happen: the earliest list start or action. */
function startOf(scenario: Scenario, until: Temporal.Instant | null): Temporal.Instant {
  const instants = [
    ...scenario.lists.map((list) => list.startAfter.epochMilliseconds),
    ...scenario.actions.map((action) => action.at.epochMilliseconds)
  ];
  if (instants.length === 0) return until ?? Temporal.Instant.fromEpochMilliseconds(0);
  const startMs = instants.reduce((earliest, ms) => Math.min(earliest, ms), Number.POSITIVE_INFINITY);
  return Temporal.Instant.fromEpochMilliseconds(until === null ? startMs : Math.min(startMs, until.epochMilliseconds));
}
