import { describe, expect, it } from 'vitest';
import { advise, project } from '../../core/index.js';
import { buildScenario, weekdays } from '../support/build-scenario.js';

const nyc = (n: number) => Array<string | null>(n).fill(null);

describe('advice when an end date is too soon', () => {
  // Ten recipients, one an hour from 09:00, but the list must end at noon: three get texted.
  const tooSoon = buildScenario({
    hours: weekdays('09:00', '17:00'),
    lists: [{ id: 'l', startAfter: '2026-12-07T14:00:00Z', endBefore: '2026-12-07T17:00:00Z', zones: nyc(10) }]
  });

  it('says when the list really ends, who is left out, and when it would finish without the end date', () => {
    const advice = advise(tooSoon, 'l');
    expect(advice.completesAt).toBe('2026-12-07T17:00:00Z');
    expect(advice.unreached).toBe(7);
    // 09:00…16:00 on Monday, then 09:00 and 10:00 on Tuesday: an end one millisecond later reaches all.
    expect(advice.earliestEndBefore).toBe('2026-12-08T15:00:00.001Z');
  });

  it('finds the smallest throttle that reaches everyone before noon', () => {
    // Ten sends in [09:00, 12:00) need a gap under 20 minutes: 3 an hour is exactly 20, so 4.
    expect(advise(tooSoon, 'l').minRateToFinish).toEqual({ messages: 4, perSeconds: 3600 });
    const withFour = buildScenario({
      hours: weekdays('09:00', '17:00'),
      rate: { messages: 4, perSeconds: 3600 },
      lists: [{ id: 'l', startAfter: '2026-12-07T14:00:00Z', endBefore: '2026-12-07T17:00:00Z', zones: nyc(10) }]
    });
    expect(project(withFour).lists[0]).toMatchObject({ completion: 'all_contacted', unreached: 0 });
  });

  it('finds the smallest daily limit when the limit is what binds, and says no throttle can help', () => {
    // 30 recipients, 10 a day allowed, two days: only a limit of 15 a day gets everyone.
    const limited = buildScenario({
      hours: weekdays('09:00', '17:00'),
      rate: { messages: 6, perSeconds: 3600 },
      dailyLimit: 10,
      lists: [{ id: 'l', startAfter: '2026-12-07T14:00:00Z', endBefore: '2026-12-08T22:00:00Z', zones: nyc(30) }]
    });
    const advice = advise(limited, 'l');
    expect(advice.unreached).toBe(10);
    expect(advice.minDailyLimitToFinish).toBe(15);
    expect(advice.minRateToFinish).toBeNull();
    expect(advice.earliestEndBefore).toBe('2026-12-09T15:30:00.001Z');
  });

  it('answers null where no value can help: the windows before the end are too few', () => {
    // The end falls before any window opens: no throttle and no limit reaches anyone.
    const closed = buildScenario({
      hours: weekdays('09:00', '17:00'),
      dailyLimit: 5,
      lists: [{ id: 'l', startAfter: '2026-12-05T14:00:00Z', endBefore: '2026-12-06T14:00:00Z', zones: nyc(3) }]
    });
    const advice = advise(closed, 'l');
    expect(advice).toMatchObject({ unreached: 3, minRateToFinish: null, minDailyLimitToFinish: null });
  });

  it('refuses a list that is not in the scenario', () => {
    expect(() => advise(tooSoon, 'nope')).toThrow('no list has the id "nope"');
  });
});
