import { describe, expect, it } from 'vitest';
import { instantText, plan, project, type Scenario } from '../../core/index.js';
import { buildScenario, everyDay, weekdays } from '../support/build-scenario.js';

const sendTimes = (scenario: Scenario) => [...plan(scenario)].map((send) => instantText(send.atMs));
const sendRows = (scenario: Scenario) => [...plan(scenario)].map((send) => `${send.list}#${send.row}`);
const nyc = (n: number) => Array<string | null>(n).fill(null);

describe('calendar traps, each with the instants a person would expect', () => {
  it('US spring-forward: 01:30–03:30 in New York is one real hour on 8 March', () => {
    // 02:00–03:00 does not exist that night: the window opens at 01:30 EST and closes at
    // 03:30 EDT, 06:30Z–07:30Z. The next night it is two hours again, in EDT.
    const scenario = buildScenario({ hours: everyDay('01:30', '03:30'), rate: { messages: 2, perSeconds: 3600 }, lists: [{ id: 'l', startAfter: '2026-03-08T00:00:00Z', zones: nyc(5) }] });
    expect(sendTimes(scenario)).toEqual([
      '2026-03-08T06:30:00Z',
      '2026-03-08T07:00:00Z',
      '2026-03-09T05:30:00Z',
      '2026-03-09T06:00:00Z',
      '2026-03-09T06:30:00Z'
    ]);
  });

  it('US fall-back: 00:30–02:30 in New York is three real hours on 1 November', () => {
    // 01:00–02:00 happens twice: the window runs from 00:30 EDT to 02:30 EST, 04:30Z–07:30Z.
    const scenario = buildScenario({ hours: everyDay('00:30', '02:30'), lists: [{ id: 'l', startAfter: '2026-11-01T00:00:00Z', zones: nyc(4) }] });
    expect(sendTimes(scenario)).toEqual(['2026-11-01T04:30:00Z', '2026-11-01T05:30:00Z', '2026-11-01T06:30:00Z', '2026-11-02T05:30:00Z']);
  });

  it('Lord Howe: its 30-minute shift lengthens a window in April and cuts one to 30 minutes in October', () => {
    // 5 April 2026, 02:00 +11 becomes 01:30 +10:30: 01:00–03:00 runs 14:00Z–16:30Z (2.5 h).
    const april = buildScenario({
      timeZone: 'Australia/Lord_Howe',
      hours: { sun: [['01:00', '03:00']] },
      rate: { messages: 2, perSeconds: 3600 },
      lists: [{ id: 'l', startAfter: '2026-04-04T00:00:00Z', zones: Array<string | null>(6).fill(null) }]
    });
    expect(sendTimes(april).slice(0, 5)).toEqual([
      '2026-04-04T14:00:00Z',
      '2026-04-04T14:30:00Z',
      '2026-04-04T15:00:00Z',
      '2026-04-04T15:30:00Z',
      '2026-04-04T16:00:00Z'
    ]);
    // 4 October 2026, 02:00 +10:30 jumps to 02:30 +11: 02:00–03:00 keeps only 02:30–03:00.
    const october = buildScenario({
      timeZone: 'Australia/Lord_Howe',
      hours: { sun: [['02:00', '03:00']] },
      rate: { messages: 6, perSeconds: 3600 },
      lists: [{ id: 'l', startAfter: '2026-10-03T00:00:00Z', zones: Array<string | null>(4).fill(null) }]
    });
    expect(sendTimes(october).slice(0, 4)).toEqual([
      '2026-10-03T15:30:00Z',
      '2026-10-03T15:40:00Z',
      '2026-10-03T15:50:00Z',
      '2026-10-10T15:00:00Z'
    ]);
  });

  it('Pacific/Chatham (+12:45) and Asia/Kathmandu (+05:45): quarter-hour offsets', () => {
    // A New York campaign's 09:00–10:00 is 09:00 where each recipient is: 03:15Z in Kathmandu,
    // 20:15Z the day before in Chatham (winter there, so +12:45 rather than +13:45).
    const scenario = buildScenario({
      hours: everyDay('09:00', '10:00'),
      rate: { messages: 1, perSeconds: 1800 },
      lists: [{ id: 'l', startAfter: '2026-07-05T00:00:00Z', zones: ['Pacific/Chatham', 'Asia/Kathmandu', 'Pacific/Chatham'] }]
    });
    expect(sendRows(scenario)).toEqual(['l#1', 'l#0', 'l#2']);
    expect(sendTimes(scenario)).toEqual(['2026-07-05T03:15:00Z', '2026-07-05T20:15:00Z', '2026-07-05T20:45:00Z']);
  });

  it('a window closing at 24:00 sends up to midnight but not at it', () => {
    const scenario = buildScenario({
      timeZone: 'UTC',
      hours: { fri: [['22:00', '24:00']] },
      rate: { messages: 2, perSeconds: 3600 },
      lists: [{ id: 'l', startAfter: '2026-06-05T00:00:00Z', zones: Array<string | null>(5).fill(null) }]
    });
    expect(sendTimes(scenario)).toEqual([
      '2026-06-05T22:00:00Z',
      '2026-06-05T22:30:00Z',
      '2026-06-05T23:00:00Z',
      '2026-06-05T23:30:00Z',
      '2026-06-12T22:00:00Z'
    ]);
  });
});

describe('lists, throttle and limits', () => {
  it('a list starting outside the hours starts at the next window', () => {
    // Saturday noon: the first weekday window is Monday 09:00 EST.
    const scenario = buildScenario({ hours: weekdays('09:00', '17:00'), lists: [{ id: 'l', startAfter: '2026-12-05T17:00:00Z', zones: nyc(2) }] });
    expect(sendTimes(scenario)).toEqual(['2026-12-07T14:00:00Z', '2026-12-07T15:00:00Z']);
  });

  it('a list starting mid-window sends at its very start, to the millisecond', () => {
    const scenario = buildScenario({ hours: weekdays('09:00', '17:00'), lists: [{ id: 'l', startAfter: '2026-12-07T15:17:23.456Z', zones: nyc(2) }] });
    expect(sendTimes(scenario)).toEqual(['2026-12-07T15:17:23.456Z', '2026-12-07T16:17:23.456Z']);
  });

  it('a daily limit reached mid-window rolls over at midnight in the campaign’s zone, not the recipient’s', () => {
    // Campaign in Tokyo (its day starts at 15:00Z), recipients in UTC with round-the-clock hours.
    const scenario = buildScenario({
      timeZone: 'Asia/Tokyo',
      hours: everyDay('00:00', '24:00'),
      dailyLimit: 3,
      lists: [{ id: 'l', startAfter: '2026-06-01T12:00:00Z', zones: Array<string | null>(5).fill('UTC') }]
    });
    expect(sendTimes(scenario)).toEqual([
      '2026-06-01T12:00:00Z',
      '2026-06-01T13:00:00Z',
      '2026-06-01T14:00:00Z',
      '2026-06-01T15:00:00Z',
      '2026-06-01T16:00:00Z'
    ]);
    expect(project(scenario).days).toEqual([
      { date: '2026-06-01', sends: 3 },
      { date: '2026-06-02', sends: 2 }
    ]);
  });

  it('recipients in three zones share one throttle, each texted in their own 09:00–10:00', () => {
    // 09:00 is 14:00Z in New York, 15:00Z in Chicago, 17:00Z in Los Angeles (December).
    const scenario = buildScenario({
      hours: everyDay('09:00', '10:00'),
      rate: { messages: 3, perSeconds: 3600 },
      lists: [
        {
          id: 'l',
          startAfter: '2026-12-07T00:00:00Z',
          zones: ['America/Los_Angeles', null, 'America/Chicago', null, 'America/Los_Angeles', 'America/Chicago', null]
        }
      ]
    });
    expect([...plan(scenario)].map((s) => `${instantText(s.atMs)} row ${s.row}`)).toEqual([
      '2026-12-07T14:00:00Z row 1',
      '2026-12-07T14:20:00Z row 3',
      '2026-12-07T14:40:00Z row 6',
      '2026-12-07T15:00:00Z row 2',
      '2026-12-07T15:20:00Z row 5',
      '2026-12-07T17:00:00Z row 0',
      '2026-12-07T17:20:00Z row 4'
    ]);
  });

  it('two lists share the throttle first come, first served: by start, then by upload', () => {
    const scenario = buildScenario({
      hours: weekdays('09:00', '17:00'),
      lists: [
        { id: 'later-upload', startAfter: '2026-12-07T14:00:00Z', createdAt: '2026-12-01T12:00:00Z', zones: nyc(2) },
        { id: 'earlier-upload', startAfter: '2026-12-07T14:00:00Z', createdAt: '2026-12-01T11:00:00Z', zones: nyc(2) },
        { id: 'starts-later', startAfter: '2026-12-07T14:30:00Z', createdAt: '2026-11-01T00:00:00Z', zones: nyc(1) }
      ]
    });
    expect(sendRows(scenario)).toEqual(['earlier-upload#0', 'earlier-upload#1', 'later-upload#0', 'later-upload#1', 'starts-later#0']);
  });

  it('an end date cuts a list: completed at the end, the rest unreached', () => {
    const scenario = buildScenario({
      hours: weekdays('09:00', '17:00'),
      lists: [{ id: 'l', startAfter: '2026-12-07T14:00:00Z', endBefore: '2026-12-07T17:00:00Z', zones: nyc(10) }]
    });
    expect(project(scenario).lists).toEqual([
      {
        id: 'l',
        status: 'completed',
        completion: 'end_reached',
        total: 10,
        sent: 3,
        unreached: 7,
        firstSendAt: '2026-12-07T14:00:00Z',
        lastSendAt: '2026-12-07T16:00:00Z',
        completedAt: '2026-12-07T17:00:00Z'
      }
    ]);
  });

  it('a stop in the middle takes effect before a send due at the same instant', () => {
    const scenario = buildScenario({
      hours: weekdays('09:00', '17:00'),
      lists: [{ id: 'l', startAfter: '2026-12-07T14:00:00Z', zones: nyc(10) }],
      stops: [{ at: '2026-12-07T16:00:00Z', stop: 'l' }]
    });
    const [list] = project(scenario).lists;
    expect(list).toMatchObject({ status: 'stopped', completion: 'stopped', sent: 2, unreached: 8, completedAt: '2026-12-07T16:00:00Z' });
    expect(sendTimes(scenario)).toEqual(['2026-12-07T14:00:00Z', '2026-12-07T15:00:00Z']);
  });

  it('reports status as of `until`: scheduled, in progress, with progress so far', () => {
    const scenario = buildScenario({
      hours: weekdays('09:00', '17:00'),
      lists: [
        { id: 'running', startAfter: '2026-12-07T14:00:00Z', zones: nyc(20) },
        { id: 'waiting', startAfter: '2026-12-09T14:00:00Z', zones: nyc(1) }
      ],
      until: '2026-12-07T16:30:00Z'
    });
    expect(project(scenario).lists.map(({ id, status, sent, total, unreached }) => ({ id, status, sent, total, unreached }))).toEqual([
      { id: 'running', status: 'in_progress', sent: 3, total: 20, unreached: 0 },
      { id: 'waiting', status: 'scheduled', sent: 0, total: 1, unreached: 0 }
    ]);
  });
});

describe('a projection that would not end', () => {
  it('stops a century after the last start and reports what is left as in progress', () => {
    // One send a day for 40,000 people is 110 years: the projection says so instead of running on.
    const scenario = buildScenario({
      hours: everyDay('09:00', '17:00'),
      rate: { messages: 1, perSeconds: 86_400 },
      lists: [{ id: 'slow', startAfter: '2027-01-01T00:00:00Z', zones: nyc(40_000) }]
    });
    const [list] = project(scenario).lists;
    expect(list).toMatchObject({ status: 'in_progress', completion: null, total: 40_000, unreached: 0, completedAt: null });
    expect(list!.sent).toBeGreaterThan(36_000);
    expect(list!.sent).toBeLessThan(36_700);
  });
});

describe('a scenario with very many lists', () => {
  it('projects 150,000 lists without overflowing the stack', () => {
    // Math.max(...lists) would throw a RangeError with this many arguments.
    const base = buildScenario({ hours: everyDay('09:00', '17:00'), lists: [{ id: 'seed', startAfter: '2027-01-01T00:00:00Z', zones: nyc(1) }] });
    const [seed] = base.lists;
    const lists = Array.from({ length: 150_000 }, (_, i) => ({ ...seed!, id: `l${i}`, recipients: i === 0 ? seed!.recipients : [] }));
    const projection = project({ ...base, lists });
    expect(projection.lists).toHaveLength(150_000);
    expect(projection.lists[0]).toMatchObject({ status: 'completed', sent: 1 });
    expect(projection.lists[1]).toMatchObject({ status: 'completed', completion: 'all_contacted', sent: 0, total: 0 });
  });
});
