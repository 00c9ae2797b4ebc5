import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  createSendPlanner,
  gapMs,
  instantText,
  parseScenario,
  plan,
  project,
  scheduleInputOf,
  type PlannedSend,
  type Scenario
} from '../../core/index.js';
import { firstStop, inWindow, localDate, servingOrder } from '../support/reference.js';
import { scenarioJson } from '../support/scenario-arbitrary.js';

const runs = { numRuns: 150 };
const scenarios = scenarioJson.map((json) => parseScenario(json));
const sendsOf = (scenario: Scenario) => [...plan(scenario)];

describe('the schedule, over random campaigns, zones and lists', () => {
  it('sends only inside the recipient’s own window, and only while its list is open', () => {
    fc.assert(
      fc.property(scenarios, (scenario) => {
        const lists = new Map(scenario.lists.map((list) => [list.id, list]));
        for (const send of sendsOf(scenario)) {
          const list = lists.get(send.list)!;
          const zone = list.recipients[send.row]!.timeZone;
          expect(inWindow(scenario.campaign.hours, zone, send.atMs), `${instantText(send.atMs)} in ${zone}`).toBe(true);
          expect(send.atMs).toBeGreaterThanOrEqual(list.startAfter.epochMilliseconds);
          if (list.endBefore !== null) expect(send.atMs).toBeLessThan(list.endBefore.epochMilliseconds);
          const stop = firstStop(scenario, list.id);
          if (stop !== null) expect(send.atMs).toBeLessThan(stop);
          if (scenario.until !== null) expect(send.atMs).toBeLessThan(scenario.until.epochMilliseconds);
        }
      }),
      runs
    );
  });

  it('keeps the throttle gap, the daily limit, and texts each recipient at most once', () => {
    fc.assert(
      fc.property(scenarios, (scenario) => {
        const sends = sendsOf(scenario);
        const gap = gapMs(scenario.campaign.rate);
        for (let i = 1; i < sends.length; i += 1) expect(sends[i]!.atMs - sends[i - 1]!.atMs).toBeGreaterThanOrEqual(gap);
        const perDay = new Map<string, number>();
        for (const send of sends) {
          const date = localDate(send.atMs, scenario.campaign.timeZone);
          perDay.set(date, (perDay.get(date) ?? 0) + 1);
        }
        if (scenario.campaign.dailyLimit !== null)
          for (const count of perDay.values()) expect(count).toBeLessThanOrEqual(scenario.campaign.dailyLimit);
        const keys = sends.map((send) => `${send.list}#${send.row}`);
        expect(new Set(keys).size).toBe(keys.length);
      }),
      runs
    );
  });

  it('gives each send to the first eligible recipient, in list order then file order', () => {
    fc.assert(
      fc.property(scenarios, (scenario) => {
        const order = servingOrder(scenario);
        const lists = new Map(scenario.lists.map((list) => [list.id, list]));
        const sent = new Set<string>();
        for (const send of sendsOf(scenario)) {
          // Nobody ahead of the chosen recipient may be eligible at that instant.
          for (const listId of order) {
            const list = lists.get(listId)!;
            const open =
              list.startAfter.epochMilliseconds <= send.atMs &&
              (list.endBefore === null || send.atMs < list.endBefore.epochMilliseconds) &&
              (firstStop(scenario, listId) ?? Infinity) > send.atMs;
            const rows = listId === send.list ? list.recipients.slice(0, send.row) : list.recipients;
            if (open) {
              rows.forEach((recipient, row) => {
                if (!sent.has(`${listId}#${row}`))
                  expect(inWindow(scenario.campaign.hours, recipient.timeZone, send.atMs), `${listId} row ${row} was passed over`).toBe(false);
              });
            }
            if (listId === send.list) break;
          }
          sent.add(`${send.list}#${send.row}`);
        }
      }),
      runs
    );
  });

  it('projects exactly what the send-by-send plan does: sends, lists and days', () => {
    fc.assert(
      fc.property(scenarios, (scenario) => {
        const sends = sendsOf(scenario);
        const projection = project(scenario, { sends: true });
        expect(projection.sends).toEqual(sends.map((s) => ({ at: instantText(s.atMs), list: s.list, row: s.row })));
        expect(project(scenario)).toEqual({ lists: projection.lists, days: projection.days });
        expect(projection.days).toEqual(daysOf(scenario, sends));
        for (const list of projection.lists) {
          const own = sends.filter((send) => send.list === list.id);
          expect(list.sent).toBe(own.length);
          expect(list.firstSendAt).toBe(own.length === 0 ? null : instantText(own[0]!.atMs));
          expect(list.lastSendAt).toBe(own.length === 0 ? null : instantText(own.at(-1)!.atMs));
        }
      }),
      runs
    );
  });

  it('is deterministic, and re-planning from any midpoint agrees with the original plan', () => {
    fc.assert(
      fc.property(scenarios, fc.nat(), (scenario, cut) => {
        const sends = sendsOf(scenario);
        expect(sendsOf(scenario)).toEqual(sends);
        const k = sends.length === 0 ? 0 : cut % (sends.length + 1);
        const input = scheduleInputOf(scenario);
        const planner = createSendPlanner(input.rules);
        for (const list of input.lists) planner.addList(list);
        for (const [listId, atMs] of input.stops) planner.stopList(listId, atMs);
        // A restarted runtime knows only what its log says was attempted.
        for (const send of sends.slice(0, k))
          planner.record({ listId: send.list, row: send.row, atMs: send.atMs, result: 'done', countsTowardDailyLimit: true });
        const rest: PlannedSend[] = [];
        let fromMs = k === 0 ? -Infinity : sends[k - 1]!.atMs;
        for (let next = planner.next(fromMs); next !== null && next.atMs < (input.untilMs ?? Infinity); next = planner.next(fromMs)) {
          planner.record({ listId: next.listId, row: next.row, atMs: next.atMs, result: 'done', countsTowardDailyLimit: true });
          rest.push({ atMs: next.atMs, list: next.listId, row: next.row });
          fromMs = next.atMs;
        }
        expect(rest).toEqual(sends.slice(k));
      }),
      runs
    );
  });
});

function daysOf(scenario: Scenario, sends: PlannedSend[]) {
  const counts = new Map<string, number>();
  for (const send of sends) {
    const date = localDate(send.atMs, scenario.campaign.timeZone);
    counts.set(date, (counts.get(date) ?? 0) + 1);
  }
  return [...counts].sort(([a], [b]) => (a < b ? -1 : 1)).map(([date, count]) => ({ date, sends: count }));
}
