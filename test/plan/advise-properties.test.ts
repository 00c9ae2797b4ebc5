import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { advise, parseScenario, project, type Scenario } from '../../core/index.js';
import { scenarioJson } from '../support/scenario-arbitrary.js';

const withRate = (scenario: Scenario, messages: number): Scenario => ({
  ...scenario,
  until: null,
  campaign: { ...scenario.campaign, rate: { ...scenario.campaign.rate, messages } }
});
const withLimit = (scenario: Scenario, dailyLimit: number): Scenario => ({ ...scenario, until: null, campaign: { ...scenario.campaign, dailyLimit } });
const outcomeOf = (scenario: Scenario, listId: string) => project(scenario).lists.find((list) => list.id === listId)!;

describe('advice, over random campaigns', () => {
  it('the rate and the daily limit it proposes reach everyone, and one less does not', () => {
    fc.assert(
      fc.property(scenarioJson.map((json) => parseScenario(json)), fc.boolean(), (generated, slow) => {
        // A throttle of a few a day makes the smallest rate that finishes worth finding.
        const scenario = slow ? { ...generated, campaign: { ...generated.campaign, rate: { messages: 2, perSeconds: 86_400 } } } : generated;
        const list = scenario.lists[0]!;
        const advice = advise(scenario, list.id);
        expect(advice.unreached).toBe(outcomeOf({ ...scenario, until: null }, list.id).unreached);
        if (advice.minRateToFinish !== null) {
          expect(outcomeOf(withRate(scenario, advice.minRateToFinish.messages), list.id).completion).toBe('all_contacted');
          if (advice.minRateToFinish.messages > 1)
            expect(outcomeOf(withRate(scenario, advice.minRateToFinish.messages - 1), list.id).completion).not.toBe('all_contacted');
        }
        if (advice.minDailyLimitToFinish !== null) {
          expect(outcomeOf(withLimit(scenario, advice.minDailyLimitToFinish), list.id).completion).toBe('all_contacted');
          if (advice.minDailyLimitToFinish > 1)
            expect(outcomeOf(withLimit(scenario, advice.minDailyLimitToFinish - 1), list.id).completion).not.toBe('all_contacted');
        }
        if (advice.earliestEndBefore !== null) {
          const ended = { ...scenario, until: null, lists: scenario.lists.map((l) => (l.id === list.id ? { ...l, endBefore: null } : l)) };
          expect(outcomeOf(ended, list.id).completion).toBe('all_contacted');
        }
      }),
      { numRuns: 120 }
    );
  });
});
