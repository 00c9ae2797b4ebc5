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
