import fc from 'fast-check';
import { Temporal } from 'temporal-polyfill';
import { describe, expect, it } from 'vitest';
import {
  advise,
  createSendPlanner,
  instantText,
  parseScenario,
  plan,
  project,
  scheduleInputOf,
  type PlannedSend,
  type Projection,
  type Scenario,
  type SendingState
} from '../../core/index.js';
import { localDate } from '../support/reference.js';
import { scenarioJson } from '../support/scenario-arbitrary.js';

const scenarios = scenarioJson.map((json) => parseScenario(json));

/**
 * The campaign as it stands at `asOfMs` after its first `k` planned sends: each list's recipients
 * still pending (with the original row of each), and the sending state a planner that replayed
 * those sends gives — what a restarted runtime, or the web app reading the send log, knows.
 */
function midCampaign(scenario: Scenario, sends: PlannedSend[], k: number, asOfMs: number) {
  const input = scheduleInputOf(scenario);
  const planner = createSendPlanner(input.rules);
  for (const list of input.lists) planner.addList(list);
  for (const [listId, atMs] of input.stops) planner.stopList(listId, atMs);
  for (const send of sends.slice(0, k)) planner.record({ listId: send.list, row: send.row, atMs: send.atMs, result: 'done', countsTowardDailyLimit: true });
  const done = new Set(sends.slice(0, k).map((send) => `${send.list}|${send.row}`));
  const originalRows = new Map<string, number[]>();
  const remaining: Scenario = {
    ...scenario,
    lists: scenario.lists.map((list) => {
      const rows = list.recipients.map((_, row) => row).filter((row) => !done.has(`${list.id}|${row}`));
      originalRows.set(list.id, rows);
      return { ...list, recipients: rows.map((row) => list.recipients[row]!) };
    })
  };
  return { remaining, sending: planner.sendingState(asOfMs), originalRows };
}

/** Whether the list may still send at `atMs`: not ended, not stopped. */
function isOpen(scenario: Scenario, listId: string, atMs: number): boolean {
  const list = scenario.lists.find((candidate) => candidate.id === listId)!;
  const stopped = scenario.actions.some((action) => action.stop === listId && action.at.epochMilliseconds <= atMs);
  return !stopped && (list.endBefore === null || list.endBefore.epochMilliseconds > atMs);
}

/** A projection's sends with each row as it was in the original list. */
function sendsInOriginalRows(projection: Projection, originalRows: Map<string, number[]>) {
  return (projection.sends ?? []).map((send) => ({ ...send, row: originalRows.get(send.list)![send.row]! }));
}

describe('the projection from a campaign already sending', () => {
  it('agrees with the rest of the plan, send for send, list for list and day for day', () => {
    fc.assert(
      fc.property(scenarios, fc.nat(), fc.double({ min: 0, max: 1, noNaN: true }), (scenario, cut, fraction) => {
        const sends = [...plan(scenario)];
        const full = project(scenario, { sends: true });
        const k = cut % (sends.length + 1);
        // Any instant after the k-th send and no later than the next one: seconds after a send, or long after.
        const afterMs = k === 0 ? Math.min(...scenario.lists.map((list) => list.startAfter.epochMilliseconds)) - 1 : sends[k - 1]!.atMs;
        const beforeMs = k < sends.length ? sends[k]!.atMs : afterMs + 3 * 86_400_000;
        const asOfMs = afterMs + 1 + Math.floor(fraction * (beforeMs - afterMs - 1));
        const { remaining, sending, originalRows } = midCampaign(scenario, sends, k, asOfMs);

        const resumed = project(remaining, { sends: true, sending });
        expect(sendsInOriginalRows(resumed, originalRows)).toEqual(sends.slice(k).map((s) => ({ at: instantText(s.atMs), list: s.list, row: s.row })));
        const today = localDate(asOfMs, scenario.campaign.timeZone);
        expect(resumed.days).toEqual(full.days.filter((day) => day.date >= today));
        for (const list of resumed.lists) {
          const whole = full.lists.find((candidate) => candidate.id === list.id)!;
          expect(list.status).toBe(whole.status);
          expect(list.completion).toBe(whole.completion);
          expect(list.unreached).toBe(whole.unreached);
          expect(list.sent).toBe(whole.sent - (whole.total - list.total));
          // A list already done at the cut has nobody left: its finish is in the past, not projected.
          if (list.total > 0) expect(list.completedAt).toBe(whole.completedAt);
          if (list.sent > 0) expect(list.lastSendAt).toBe(whole.lastSendAt);
          // The advice projects the whole rest too, past any `until`: when the list ends, whom it leaves,
          // the earliest end that fits. Asked without `until` (past it, the cut may not fall between two
          // sends), of a list still open (an ended list's "what if" would change the past).
          if (list.total > 0 && scenario.until === null && isOpen(scenario, list.id, asOfMs)) {
            const { completesAt, unreached, earliestEndBefore } = advise(scenario, list.id);
            expect(advise(remaining, list.id, { sending })).toMatchObject({ completesAt, unreached, earliestEndBefore });
          }
        }
      }),
      { numRuns: 150 }
    );
  });
});

describe('named states of a campaign under way', () => {
  const everyDay = [['09:00', '17:00']] as [string, string][];
  const scenario = parseScenario({
    campaign: {
      name: 'Half a day',
      timeZone: 'America/New_York',
      hours: { mon: everyDay, tue: everyDay, wed: everyDay, thu: everyDay, fri: everyDay, sat: everyDay, sun: everyDay },
      rate: { messages: 1, perSeconds: 60 },
      dailyLimit: 10,
      message: 'Hi'
    },
    lists: [
      {
        id: 'dec',
        fileName: 'dec.csv',
        createdAt: '2026-12-01T13:00:00Z',
        startAfter: '2026-12-01T14:00:00Z',
        endBefore: '2026-12-02T22:00:00Z',
        recipients: Array.from({ length: 30 }, (_, i) => ({ phone: `+1212555${1000 + i}` }))
      }
    ],
    actions: []
  });
  const sends = [...plan(scenario)];

  it('a daily limit half used and a last send 5 seconds ago: 5 more today, 60 s apart, 10 tomorrow, 10 never', () => {
    // Five sent from 09:00, one a minute; it is now 09:04:05 in New York.
    const asOfMs = sends[4]!.atMs + 5_000;
    const { remaining, sending } = midCampaign(scenario, sends, 5, asOfMs);
    expect(sending).toEqual<SendingState>({ asOfMs, lastAttemptMs: sends[4]!.atMs, counted: [{ date: '2026-12-01', sends: 5 }] });

    const resumed = project(remaining, { sends: true, sending });
    expect(resumed.sends![0]!.at).toBe('2026-12-01T14:05:00Z');
    expect(resumed.days).toEqual([
      { date: '2026-12-01', sends: 10 },
      { date: '2026-12-02', sends: 10 }
    ]);
    expect(resumed.lists[0]).toMatchObject({ sent: 15, unreached: 10, completion: 'end_reached', lastSendAt: '2026-12-02T14:09:00Z' });
    expect(resumed.lists[0]!.unreached).toBe(project(scenario).lists[0]!.unreached);

    // Projected as if today started fresh, the same pending recipients would send 10 more today.
    const fresh = project({ ...remaining, lists: remaining.lists.map((list) => ({ ...list, startAfter: Temporal.Instant.fromEpochMilliseconds(asOfMs) })) });
    expect(fresh.days[0]).toEqual({ date: '2026-12-01', sends: 10 });
    expect(fresh.lists[0]!.unreached).toBe(5);
  });

  it('advises a daily limit with room for the sends the day has counted already', () => {
    // Ending today at 17:00, the 25 left after five sends all fit before it at one a minute, if the
    // day holds 5 + 25: a limit of 30, more than the recipients left.
    const endsToday = { ...scenario, lists: scenario.lists.map((list) => ({ ...list, endBefore: Temporal.Instant.from('2026-12-01T22:00:00Z') })) };
    const { remaining, sending } = midCampaign(endsToday, [...plan(endsToday)], 5, sends[4]!.atMs + 5_000);
    expect(advise(remaining, 'dec', { sending })).toMatchObject({ unreached: 20, minDailyLimitToFinish: 30 });
  });

  it('the throttle counts from the last attempt, not from now', () => {
    const asOfMs = sends[0]!.atMs + 1;
    const { remaining, sending } = midCampaign(scenario, sends, 1, asOfMs);
    expect(project(remaining, { sends: true, sending }).sends![0]!.at).toBe(instantText(sends[0]!.atMs + 60_000));
  });

  it('a day already full rolls everyone over to tomorrow', () => {
    const asOfMs = sends[9]!.atMs + 60 * 60_000;
    const { remaining, sending } = midCampaign(scenario, sends, 10, asOfMs);
    expect(sending.counted).toEqual([{ date: '2026-12-01', sends: 10 }]);
    expect(project(remaining, { sends: true, sending }).sends![0]!.at).toBe('2026-12-02T14:00:00Z');
  });
});

