import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseScenario, safeParseScenario } from '../../core/index.js';

const valid = () => JSON.parse(readFileSync('test/fixtures/december-outreach.json', 'utf8'));

/** The first problem reported for a scenario changed by `edit`. */
function problemWith(edit: (scenario: any) => void): string {
  const scenario = valid();
  edit(scenario);
  const result = safeParseScenario(scenario);
  if (result.ok) throw new Error('the scenario was accepted');
  return result.issues[0]!;
}

describe('scenario validation names the field and what was wrong', () => {
  it('accepts the example, with defaults for what is optional', () => {
    const scenario = parseScenario(valid());
    expect(scenario.lists[0]!.recipients[0]).toEqual({
      phone: '+12125550101',
      name: 'Ada',
      timeZone: 'America/New_York',
      variables: { orderId: 'A-1001' }
    });
    expect(scenario.actions).toEqual([]);
    expect(scenario.provider.seed).toBe(1);
    const minimal = valid();
    delete minimal.campaign.rate;
    delete minimal.campaign.dailyLimit;
    expect(parseScenario(minimal).campaign).toMatchObject({ rate: { messages: 8, perSeconds: 60 }, dailyLimit: null });
  });

  it('a window that closes before it opens', () => {
    expect(problemWith((s) => (s.campaign.hours.mon = [['17:00', '09:00']]))).toBe('campaign.hours.mon[0]: close 09:00 must be after open 17:00');
  });

  it('overlapping windows, and times that are not times', () => {
    expect(problemWith((s) => (s.campaign.hours.tue = [['09:00', '12:00'], ['11:00', '13:00']]))).toBe(
      'campaign.hours.tue[1]: window 11:00–13:00 overlaps 09:00–12:00'
    );
    expect(problemWith((s) => (s.campaign.hours.wed = [['9am', '17:00']]))).toBe('campaign.hours.wed[0][0]: "9am" is not a time of day HH:MM (00:00 to 24:00)');
  });

  it('a week with no open window', () => {
    expect(problemWith((s) => (s.campaign.hours = { mon: [], tue: [], wed: [], thu: [], fri: [], sat: [], sun: [] }))).toBe(
      'campaign.hours: no open window in the whole week; give at least one day hours'
    );
  });

  it('an end before the start', () => {
    expect(problemWith((s) => (s.lists[1].endBefore = '2026-12-01T13:00:00Z'))).toBe('lists[1].endBefore: endBefore must be after startAfter');
  });

  it('an unknown IANA zone, for the campaign or a recipient', () => {
    expect(problemWith((s) => (s.campaign.timeZone = 'America/Gotham'))).toBe(
      'campaign.timeZone: time zone "America/Gotham" is not an IANA time zone name such as America/New_York'
    );
    expect(problemWith((s) => (s.lists[0].recipients[2].timeZone = 'EST5EDT-ish'))).toBe(
      'lists[0].recipients[2].timeZone: time zone "EST5EDT-ish" is not an IANA time zone name such as America/New_York'
    );
  });

  it('a rate of 0', () => {
    expect(problemWith((s) => (s.campaign.rate.messages = 0))).toBe('campaign.rate.messages: rate.messages must be a whole number of at least 1, got 0');
    expect(problemWith((s) => (s.campaign.rate.perSeconds = 0))).toBe('campaign.rate.perSeconds: rate.perSeconds must be more than 0, got 0');
  });

  it('malformed instants', () => {
    expect(problemWith((s) => (s.lists[0].startAfter = '2026-12-01 14:00'))).toBe(
      'lists[0].startAfter: "2026-12-01 14:00" is not an instant; write it as RFC 3339 with an offset, e.g. 2026-12-01T14:00:00Z'
    );
    expect(problemWith((s) => (s.lists[0].startAfter = '2026-12-01T14:00:00'))).toContain('is not an instant');
  });

  it('missing fields, unknown fields, duplicate ids, stops of unknown lists', () => {
    expect(problemWith((s) => delete s.campaign.timeZone)).toBe('campaign.timeZone is required');
    expect(problemWith((s) => (s.campaign.huors = {}))).toBe('campaign.huors is not a field; did you mean hours?');
    expect(problemWith((s) => (s.lists[1].id = 'dec-1'))).toBe('lists[1].id: "dec-1" is already the id of lists[0]');
    expect(problemWith((s) => (s.actions = [{ at: '2026-12-02T15:00:00Z', stop: 'jan-1' }]))).toBe('actions[0].stop: no list has the id "jan-1"');
  });

  it('phones that are not numbers, and a phone twice in one list', () => {
    expect(problemWith((s) => (s.lists[0].recipients[1].phone = '555-12'))).toBe(
      'lists[0].recipients[1].phone: phone "555-12" is not a valid number for US (too short)'
    );
    expect(problemWith((s) => (s.lists[0].recipients[3].phone = s.lists[0].recipients[0].phone))).toBe(
      'lists[0].recipients[3].phone: +12125550101 is already recipients[0]; a list texts each phone once'
    );
  });

  it('text that is not JSON, and a throw that names the first problem and counts the rest', () => {
    expect(safeParseScenario('{ "campaign": ')).toMatchObject({ ok: false });
    const broken = valid();
    broken.campaign.timeZone = 'Nowhere/Land';
    broken.lists[0].startAfter = 'soon';
    expect(() => parseScenario(broken)).toThrow(
      'campaign.timeZone: time zone "Nowhere/Land" is not an IANA time zone name such as America/New_York (and 1 more problem: lists[0].startAfter: "soon" is not an instant; write it as RFC 3339 with an offset, e.g. 2026-12-01T14:00:00Z)'
    );
  });
});
