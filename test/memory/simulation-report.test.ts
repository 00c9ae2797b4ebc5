import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { simulate } from '../../adapters/memory/simulation.js';
import { buildReports, parseScenario } from '../../core/index.js';

// The simulation counts its report as the store appends timeline lines (the memory store's
// onTimelineLine) instead of reading every line back: both ways must give the same counts.
const december = JSON.parse(readFileSync(new URL('../fixtures/december-outreach.json', import.meta.url), 'utf8'));
const faults = { failureRate: 0.1, transientFailureRate: 0.2, replyRate: 0.4, optOutRate: 0.1, latencyMs: 300, deliveryDelayMs: 60_000, replyDelayMs: 3_600_000 };

describe('the simulation report', () => {
  it.each([1, 2, 99])('counted as lines are appended equals the report of the timeline read back (seed=%i)', async (seed) => {
    const result = await simulate(parseScenario({ ...december, provider: { seed, ...faults } }));
    const readBack = buildReports(result.events);
    const campaignId = result.events.find((event) => event.campaignId !== null)?.campaignId as string;
    const { lists, ...campaign } = result.report;
    expect(campaign, `seed=${seed}`).toEqual(readBack.campaigns.get(campaignId));
    for (const list of lists) expect({ ...list, id: undefined }, `seed=${seed} list ${list.id}`).toEqual({ ...readBack.lists.get(list.id), id: undefined });
    expect(campaign.replies + campaign.failed + campaign.optOuts, `seed=${seed}: faults to count`).toBeGreaterThan(0);
  });

  it('counts nothing twice when the events are left out of the result', async () => {
    const scenario = parseScenario({ ...december, provider: { seed: 7, ...faults } });
    const withEvents = await simulate(scenario);
    const without = await simulate(scenario, { events: false });
    expect(without.events).toEqual([]);
    expect(without.report).toEqual(withEvents.report);
  });
});
