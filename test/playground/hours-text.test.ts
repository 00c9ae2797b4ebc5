import { describe, expect, it } from 'vitest';
import { hoursText } from '../../playground/routes/projection/hours-text.js';
import { buildScenario, everyDay, weekdays } from '../support/build-scenario.js';

const hoursOf = (hours: Parameters<typeof buildScenario>[0]['hours']) => buildScenario({ hours, lists: [] }).campaign.hours;

describe('the sending hours in a line', () => {
  it('puts neighbouring days with the same windows together', () => {
    expect(hoursText(hoursOf(weekdays('09:00', '17:00')))).toBe('Mon–Fri 09:00–17:00; Sat–Sun closed');
    expect(hoursText(hoursOf(everyDay('00:00', '24:00')))).toBe('Mon–Sun 00:00–24:00');
  });

  it('writes several windows of a day, and a day on its own', () => {
    const split: [string, string][] = [['09:00', '12:00'], ['13:00', '17:00']];
    const hours = hoursOf({ mon: split, tue: split, wed: [['10:00', '14:00']], thu: split, sat: [['10:00', '14:00']] });
    expect(hoursText(hours)).toBe('Mon–Tue 09:00–12:00 and 13:00–17:00; Wed 10:00–14:00; Thu 09:00–12:00 and 13:00–17:00; Fri closed; Sat 10:00–14:00; Sun closed');
  });
});
