import { describe, expect, it } from 'vitest';
import { defaultSchedule, draftOf, hoursOf, quietHourDays } from '../../playground/lib/campaigns/schedule.js';

// The Create/Edit form's week: what it shows for stored hours, what it saves, and when it warns
// of US TCPA quiet hours (no texts before 08:00 or after 21:00 in the recipient's own time).

describe('the week as the form edits it', () => {
  it('starts Mon–Fri 9–17 with the weekend closed, and saves that as core reads hours', () => {
    expect(hoursOf(defaultSchedule())).toEqual({
      mon: [['09:00', '17:00']],
      tue: [['09:00', '17:00']],
      wed: [['09:00', '17:00']],
      thu: [['09:00', '17:00']],
      fri: [['09:00', '17:00']],
      sat: [],
      sun: []
    });
  });

  it('shows a close at 24:00 as 00:00 (a time input cannot say 24:00) and saves it back as 24:00', () => {
    const stored = { mon: [['00:00', '24:00']], tue: [['08:00', '12:00'], ['13:00', '17:00']], wed: [], thu: [], fri: [], sat: [], sun: [] } as const;
    const draft = draftOf(stored);
    expect(draft.mon).toEqual({ closed: false, windows: [{ open: '00:00', close: '00:00' }] });
    expect(draft.wed.closed).toBe(true);
    expect(hoursOf(draft)).toEqual(stored);
  });
});

describe('quiet hours', () => {
  it('names the days whose windows open before 08:00 or close after 21:00', () => {
    const hours = { mon: [['08:00', '21:00']], tue: [['07:59', '12:00']], wed: [['12:00', '21:01']], thu: [], fri: [['09:00', '24:00']], sat: [], sun: [['08:00', '10:00'], ['20:00', '21:00']] } as const;
    expect(quietHourDays(hours)).toEqual(['tue', 'wed', 'fri']);
  });
});
