import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseScenario, project } from '../../core/index.js';
import { scenarioJson } from '../support/scenario-arbitrary.js';

// The properties are only as good as the cases they see: most generated scenarios must send,
// and some must be cut by an end date, a stop or the daily limit.
describe('the random scenarios of the property tests', () => {
  it('cover sends, cut lists and stops', () => {
    const samples = fc.sample(scenarioJson.map((json) => parseScenario(json)), { numRuns: 200, seed: 42 });
    const projections = samples.map((scenario) => project(scenario));
    const lists = projections.flatMap((p) => p.lists);
    expect(projections.filter((p) => p.days.length > 0).length).toBeGreaterThan(150);
    expect(lists.filter((l) => l.completion === 'end_reached' && l.unreached > 0).length).toBeGreaterThan(10);
    expect(lists.filter((l) => l.completion === 'stopped').length).toBeGreaterThan(10);
    expect(lists.filter((l) => l.completion === 'all_contacted' && l.sent > 5).length).toBeGreaterThan(10);
    expect(samples.filter((s) => s.campaign.dailyLimit !== null).length).toBeGreaterThan(50);
  });
});
