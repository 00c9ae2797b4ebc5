import type { Temporal } from 'temporal-polyfill';
import { advise, describeAdvice, project, type Advice, type AdviceSummary, type SendingState, type SendRun } from '../../../core/plan/index.js';
import { campaignSchema, describeIssues, providerSettingsSchema, type Recipient, type RecipientList, type Scenario } from '../../../core/scenario/index.js';
import type { WeeklyHours } from '../../../core/schedule/hours.js';
import type { Rate } from '../../../core/schedule/throttle.js';
import { sampleCurve, type CurvePoint } from './curve.js';
import { dailyBars, type DayBar } from './daily-bars.js';

/** The campaign's sending settings as the form holds them; checked here as a scenario's are. */
export interface CampaignDraft {
  timeZone: string;
  hours: WeeklyHours;
  rate: Rate;
  dailyLimit: number | null;
}

/**
 * A list as the projection sees it. For an in-progress list, give only the recipients still
 * pending (and the campaign's `sending` state beside). Keep the same `recipients` array from one call to the next:
 * core remembers each array's zones, which is what keeps a million-row list fast.
 */
export interface ListDraft {
  id: string;
  fileName?: string;
  createdAt: Temporal.Instant;
  startAfter: Temporal.Instant;
  endBefore: Temporal.Instant | null;
  recipients: readonly Recipient[];
}

export interface DraftProjectionInput {
  campaign: CampaignDraft;
  /** The campaign's other scheduled and in-progress lists: they share the throttle and the daily limit. */
  others: readonly ListDraft[];
  /** The campaign is already sending: where its throttle and daily limit stand (from the send log). */
  sending?: SendingState | null;
  draft: ListDraft;
}

export interface DraftProjection {
  ok: true;
  /** The scenario that was projected (the draft list last), for whoever wants to export it. */
  scenario: Scenario;
  listId: string;
  timeZone: string;
  total: number;
  startMs: number;
  endMs: number | null;
  /** Recipients texted before the end date (all those the projection reaches without one). */
  sentByEnd: number;
  advice: Advice;
  summary: AdviceSummary;
  /** Cumulative sends of the draft list over time, as if it had no end date (what lies past the end is unreached). */
  curve: CurvePoint[];
  /** Sends per local date of the campaign's zone, the draft list's beside the other lists'. */
  days: DayBar[];
}

export type DraftProjectionResult = DraftProjection | { ok: false; issues: string[] };

const idealProvider = providerSettingsSchema.parse({});

/** Every run of sends of a scenario, in time order. */
type RunsOf = (scenario: Scenario, sending: SendingState | null) => SendRun[];

function allRuns(scenario: Scenario, sending: SendingState | null): SendRun[] {
  const runs: SendRun[] = [];
  project(scenario, { onRun: (run) => runs.push(run), sending });
  return runs;
}

/**
 * The draft list projected among the campaign's other lists by core's own `project` and
 * `advise`, with what a chart and the advisor's sentence need. Pure: the same input gives the
 * same answer, in the browser or on the server.
 */
export function projectDraft(input: DraftProjectionInput): DraftProjectionResult {
  return projectDraftWith(input, allRuns);
}

/**
 * `projectDraft` for one panel, remembering its last projection without the end date: a change
 * of the end date alone, the commonest edit, then skips a projection that would not change.
 */
export function createDraftProjector(): (input: DraftProjectionInput) => DraftProjectionResult {
  let last: { key: string; recipients: readonly (readonly Recipient[])[]; runs: SendRun[] } | null = null;
  return (input) =>
    projectDraftWith(input, (scenario, sending) => {
      // Everything the runs depend on: the settings, the sending state and every list's instants by value, the recipients by array.
      const key = JSON.stringify([
        scenario.campaign,
        sending,
        scenario.lists.map((list) => [list.id, list.createdAt.epochMilliseconds, list.startAfter.epochMilliseconds, list.endBefore?.epochMilliseconds ?? null])
      ]);
      const recipients = scenario.lists.map((list) => list.recipients);
      const same = last !== null && last.key === key && last.recipients.every((array, i) => array === recipients[i]);
      if (!same || last === null) last = { key, recipients, runs: allRuns(scenario, sending) };
      return last.runs;
    });
}

function projectDraftWith({ campaign, others, sending = null, draft }: DraftProjectionInput, runsOf: RunsOf): DraftProjectionResult {
  // Only the settings a projection depends on: a stored campaign's other fields are not ours to check.
  const { timeZone, hours, rate, dailyLimit } = campaign;
  const settings = { name: 'draft', message: '', timeZone, hours, rate, dailyLimit };
  const parsed = campaignSchema.safeParse(settings);
  if (!parsed.success) return { ok: false, issues: describeIssues(parsed.error, campaignSchema, settings).map((issue) => `campaign.${issue}`) };
  if (draft.endBefore !== null && draft.endBefore.epochMilliseconds <= draft.startAfter.epochMilliseconds) {
    return { ok: false, issues: ['endBefore: the end must be after the start'] };
  }
  const listId = freeId(draft.id, others);
  const lists = [...others.map(listOf), listOf({ ...draft, id: listId })];
  const scenario: Scenario = { campaign: parsed.data, lists, actions: [], provider: idealProvider, until: null };

  const advice = advise(scenario, listId, { sending });
  const runs = runsOf({ ...scenario, lists: lists.map((list) => (list.id === listId ? { ...list, endBefore: null } : list)) }, sending);

  const startMs = draft.startAfter.epochMilliseconds;
  const endMs = draft.endBefore?.epochMilliseconds ?? null;
  const days = dailyBars(runs, listId, endMs, sending?.counted);
  return {
    ok: true,
    scenario,
    listId,
    timeZone: parsed.data.timeZone,
    total: draft.recipients.length,
    startMs,
    endMs,
    sentByEnd: days.reduce((sum, day) => sum + day.list, 0),
    advice,
    summary: describeAdvice(scenario, listId, advice),
    curve: sampleCurve(runs, listId, startMs),
    days
  };
}

const noVariables: Record<string, string> = Object.freeze({}) as Record<string, string>;
const recipientsByZones = new WeakMap<readonly string[], Recipient[]>();

/**
 * Recipients for a projection when only each row's zone is at hand (a list read in a Web Worker
 * hands the page its zones, not its phones): a projection reads nothing else. The same array for
 * the same zones array, since core remembers each recipients array's zones.
 */
export function recipientsOfZones(zones: readonly string[]): Recipient[] {
  let recipients = recipientsByZones.get(zones);
  if (recipients === undefined) {
    recipients = zones.map((timeZone) => ({ phone: '', name: null, timeZone, variables: noVariables }));
    recipientsByZones.set(zones, recipients);
  }
  return recipients;
}

function listOf(list: ListDraft): RecipientList {
  return {
    id: list.id,
    fileName: list.fileName ?? `${list.id}.csv`,
    createdAt: list.createdAt,
    startAfter: list.startAfter,
    endBefore: list.endBefore,
    // Core only reads the array; the cast keeps the caller's array, which core's caches are keyed on.
    recipients: list.recipients as Recipient[]
  };
}

/** The draft's id, or one no other list has (a draft has not been saved, so its id is ours to pick). */
function freeId(wanted: string, others: readonly ListDraft[]): string {
  const taken = new Set(others.map((list) => list.id));
  let id = wanted;
  for (let n = 2; taken.has(id); n += 1) id = `${wanted}-${n}`;
  return id;
}
