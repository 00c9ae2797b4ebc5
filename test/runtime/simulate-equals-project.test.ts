import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { simulate } from '../../adapters/memory/simulation.js';
import { parseScenario, project, type Scenario } from '../../core/index.js';
import { scenarioJson } from '../support/scenario-arbitrary.js';

/** The sends a simulation made, as `project --sends` lists them. */
async function simulatedSends(scenario: Scenario) {
  const result = await simulate(scenario);
  const rowOf = new Map(scenario.lists.flatMap((list) => list.recipients.map((r, row) => [`${list.id}|${r.phone}`, row] as const)));
  const sends = result.events.flatMap((event) =>
    event.type === 'outbound' ? [{ at: event.at.toString(), list: event.listId, row: rowOf.get(`${event.listId}|${event.phone}`) }] : []
  );
  return { lists: result.lists, sends };
}

describe('simulate with an ideal provider', () => {
  it('sends exactly what project projects, instant for instant, and reports the same lists', async () => {
    await fc.assert(
      fc.asyncProperty(scenarioJson, async (json) => {
        const scenario = parseScenario(json);
        const projection = project(scenario, { sends: true });
        const simulation = await simulatedSends(scenario);
        expect(simulation.sends).toEqual(projection.sends);
        expect(simulation.lists).toEqual(projection.lists);
      }),
      { numRuns: 60 }
    );
  });
});

const everyDay = (windows: [string, string][]) => ({ mon: windows, tue: windows, wed: windows, thu: windows, fri: windows, sat: windows, sun: windows });
const named = (timeZone: string, windows: [string, string][], startAfter: string, zones: string[]) =>
  parseScenario({
    campaign: { name: 'DST', timeZone, hours: everyDay(windows), rate: { messages: 1, perSeconds: 600 }, dailyLimit: 9, message: 'Hi' },
    lists: [
      {
        id: 'l',
        fileName: 'l.csv',
        createdAt: startAfter,
        startAfter,
        endBefore: null,
        recipients: Array.from({ length: 40 }, (_, i) => ({ phone: `+1212303${String(1000 + i)}`, timeZone: zones[i % zones.length] }))
      }
    ],
    actions: []
  });

describe('simulate equals project on calendar traps', () => {
  it.each([
    // 02:00–03:00 does not exist on 2026-03-08 in New York: the window opens at 03:00 that day.
    ['US spring-forward', named('America/New_York', [['01:30', '03:30']], '2026-03-07T00:00:00Z', ['America/New_York'])],
    // 01:00–02:00 happens twice on 2026-11-01: the earlier instant is the one that counts.
    ['US fall-back', named('America/New_York', [['01:00', '02:00'], ['23:00', '24:00']], '2026-10-31T00:00:00Z', ['America/New_York', 'America/Chicago'])],
    // Lord Howe moves by 30 minutes and Chatham sits at +12:45/+13:45.
    ['Lord Howe and Chatham', named('Australia/Lord_Howe', [['01:45', '02:45']], '2026-04-03T00:00:00Z', ['Australia/Lord_Howe', 'Pacific/Chatham'])]
  ])('%s', async (_name, scenario) => {
    const projection = project(scenario, { sends: true });
    const simulation = await simulatedSends(scenario);
    expect(projection.sends?.length).toBeGreaterThan(10);
    expect(simulation.sends).toEqual(projection.sends);
    expect(simulation.lists).toEqual(projection.lists);
  });
});
