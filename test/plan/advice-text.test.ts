import { describe, expect, it } from 'vitest';
import { advise, describeAdvice, project, type Scenario } from '../../core/index.js';
import { buildScenario, everyDay, weekdays, type ListSpec } from '../support/build-scenario.js';

// The advisor's sentence, read off real projections of small campaigns in New York (EST in
// December). Each expectation is derived by hand in its comment and checked against `project`.

const nyc = (n: number) => Array<string | null>(n).fill(null);
const sentenceOf = (scenario: Scenario, listId = 'l') => describeAdvice(scenario, listId, advise(scenario, listId));
const outcomeOf = (scenario: Scenario, listId = 'l') => project(scenario).lists.find((list) => list.id === listId)!;

describe('the advisor’s sentence', () => {
  // Mon 7 Dec 2026, one an hour from 09:00 EST, ten recipients, an end at noon: 09:00, 10:00 and
  // 11:00 go out, seven do not. Without the end: 09:00…16:00 Monday, 09:00 and 10:00 Tuesday.
  const tooSoon = (endBefore: string | null, extra: Partial<ListSpec> = {}) =>
    buildScenario({
      hours: weekdays('09:00', '17:00'),
      lists: [{ id: 'l', startAfter: '2026-12-07T14:00:00Z', endBefore, zones: nyc(10), ...extra }]
    });

  it('says when an end date is too soon, how many are left out, and what would reach them', () => {
    const scenario = tooSoon('2026-12-07T17:00:00Z');
    expect(outcomeOf(scenario)).toMatchObject({ unreached: 7, completion: 'end_reached' });
    expect(sentenceOf(scenario)).toEqual({
      verdict: 'too_soon',
      finishMs: Date.parse('2026-12-08T15:00:00Z'),
      sentence:
        'At 1 message an hour in these hours, 10 recipients finish Tue 8 Dec 10:00 EST. ' +
        'Your end date Mon 7 Dec 12:00 is too soon: 7 recipients (70 %) would not be messaged. ' +
        'Raise the throttle to 4 an hour, or end after 8 Dec 10:00.'
    });
  });

  it('says the list fits when the end date comes after the last send', () => {
    const scenario = tooSoon('2026-12-08T22:00:00Z');
    expect(outcomeOf(scenario)).toMatchObject({ unreached: 0, completion: 'all_contacted', lastSendAt: '2026-12-08T15:00:00Z' });
    expect(sentenceOf(scenario)).toMatchObject({
      verdict: 'fits',
      sentence: 'At 1 message an hour in these hours, 10 recipients finish Tue 8 Dec 10:00 EST, before your end date Tue 8 Dec 17:00.'
    });
  });

  it('only says when the list finishes when it has no end date', () => {
    expect(sentenceOf(tooSoon(null))).toMatchObject({
      verdict: 'no_end',
      sentence: 'At 1 message an hour in these hours, 10 recipients finish Tue 8 Dec 10:00 EST.'
    });
  });

  it('offers a higher daily limit when the limit binds, and no throttle since none would help', () => {
    // Six an hour, ten a day: Monday 09:00–10:30 and Tuesday 09:00–10:30 send twenty of thirty
    // before the end at Tuesday 17:00; the last ten go Wednesday 09:00–10:30. Fifteen a day fits.
    const scenario = buildScenario({
      hours: weekdays('09:00', '17:00'),
      rate: { messages: 6, perSeconds: 3600 },
      dailyLimit: 10,
      lists: [{ id: 'l', startAfter: '2026-12-07T14:00:00Z', endBefore: '2026-12-08T22:00:00Z', zones: nyc(30) }]
    });
    expect(outcomeOf(scenario)).toMatchObject({ unreached: 10 });
    expect(sentenceOf(scenario).sentence).toBe(
      'At 6 messages an hour and at most 10 a day in these hours, 30 recipients finish Wed 9 Dec 10:30 EST. ' +
        'Your end date Tue 8 Dec 17:00 is too soon: 10 recipients (33 %) would not be messaged. ' +
        'Raise the daily limit to 15 a day, or end after 9 Dec 10:30. ' +
        'No throttle alone would: the daily limit or the sending hours before the end date bind.'
    );
  });

  it('counts the lists that share the throttle, and says when none of the list would be messaged', () => {
    // The other list starts first and takes Monday 09:00–16:00; the draft's end at 17:00 comes
    // before its turn. Both together finish Tuesday 09:00 and 10:00.
    const scenario = buildScenario({
      hours: weekdays('09:00', '17:00'),
      lists: [
        { id: 'first', startAfter: '2026-12-07T14:00:00Z', zones: nyc(8) },
        { id: 'l', startAfter: '2026-12-07T14:00:00Z', createdAt: '2026-01-02T00:00:00Z', endBefore: '2026-12-07T22:00:00Z', zones: nyc(2) }
      ]
    });
    expect(outcomeOf(scenario)).toMatchObject({ sent: 0, unreached: 2 });
    expect(sentenceOf(scenario).sentence).toBe(
      'At 1 message an hour in these hours, shared with 1 other list, 2 recipients finish Tue 8 Dec 10:00 EST. ' +
        'Your end date Mon 7 Dec 17:00 is too soon: none of the 2 recipients would be messaged. ' +
        'Raise the throttle to 2 an hour, or end after 8 Dec 10:00.'
    );
  });

  it('rounds the finish up to the minute and names the year when it is not the start’s', () => {
    // Seven a minute is a gap of 8,572 ms: from 23:59 on 31 Dec, 20 sends end at 23:59:00 +
    // 19 × 8.572 s = 00:01:42.868 on 1 Jan 2027, shown as 00:02.
    const scenario = buildScenario({
      hours: everyDay('00:00', '24:00'),
      rate: { messages: 7, perSeconds: 60 },
      lists: [{ id: 'l', startAfter: '2027-01-01T04:59:00Z', zones: nyc(20) }]
    });
    expect(outcomeOf(scenario).lastSendAt).toBe('2027-01-01T05:01:42.868Z');
    expect(sentenceOf(scenario).sentence).toBe('At 7 messages a minute in these hours, 20 recipients finish Fri 1 Jan 2027 00:02 EST.');
  });

  it('writes a throttle over another period in its own words, and one recipient in the singular', () => {
    const scenario = buildScenario({
      hours: weekdays('09:00', '17:00'),
      rate: { messages: 1, perSeconds: 900 },
      lists: [{ id: 'l', startAfter: '2026-12-07T14:00:00Z', zones: nyc(1) }]
    });
    expect(sentenceOf(scenario).sentence).toBe('At 1 message every 15 minutes in these hours, 1 recipient finishes Mon 7 Dec 09:00 EST.');
  });

  it('says when a list would not finish within the projection’s hundred years', () => {
    // One a day, every day: 100 × 366 days after the start hold 36,600 sends, fewer than 40,000.
    const scenario = buildScenario({
      hours: everyDay('09:00', '17:00'),
      rate: { messages: 1, perSeconds: 86_400 },
      lists: [{ id: 'l', startAfter: '2026-12-07T14:00:00Z', zones: nyc(40_000) }]
    });
    expect(outcomeOf(scenario)).toMatchObject({ status: 'in_progress', sent: 36_600 });
    expect(sentenceOf(scenario)).toEqual({
      verdict: 'never',
      finishMs: null,
      sentence: 'At 1 message a day in these hours, the 40,000 recipients would not all be messaged within 100 years.'
    });
  });

  it('has nothing to say but that of an empty list', () => {
    expect(sentenceOf(tooSoon(null, { zones: [] }))).toMatchObject({ verdict: 'empty', finishMs: null });
  });
});
