import { describe, expect, it } from 'vitest';
import { Temporal } from 'temporal-polyfill';
import { createSendPlanner, gapMs, type SendPlanner } from '../../core/index.js';
import { weekdays } from '../support/build-scenario.js';

const ms = (instant: string) => Temporal.Instant.from(instant).epochMilliseconds;

function plannerWithList(rows: number): SendPlanner {
  const planner = createSendPlanner({
    timeZone: 'America/New_York',
    hours: { sat: [], sun: [], ...weekdays('09:00', '17:00') } as never,
    gapMs: gapMs({ messages: 1, perSeconds: 3600 }),
    dailyLimit: 2
  });
  planner.addList({
    id: 'l',
    createdAtMs: 0,
    startAfterMs: ms('2026-12-07T11:00:00Z'),
    endBeforeMs: null,
    timeZones: Array<string>(rows).fill('America/New_York')
  });
  return planner;
}

describe('the send planner, told what happened', () => {
  it('completes a list when its last recipient is settled, at the instant it was settled', () => {
    const planner = plannerWithList(2);
    planner.record({ listId: 'l', row: 0, atMs: ms('2026-12-07T14:00:00Z'), result: 'done', countsTowardDailyLimit: true });
    planner.settle('l', 1, ms('2026-12-07T15:00:00Z'));
    expect(planner.listProgress('l', ms('2026-12-08T00:00:00Z'))).toMatchObject({
      status: 'completed',
      completion: 'all_contacted',
      endedAtMs: ms('2026-12-07T15:00:00Z')
    });
  });

  it('restored from a log without instants, completes at the list’s last known change', () => {
    const planner = plannerWithList(2);
    planner.record({ listId: 'l', row: 0, atMs: ms('2026-12-07T14:00:00Z'), result: 'done', countsTowardDailyLimit: true });
    planner.settle('l', 1);
    expect(planner.listProgress('l', ms('2026-12-08T00:00:00Z')).endedAtMs).toBe(ms('2026-12-07T14:00:00Z'));
  });

  it('retries a recipient no earlier than asked, without a daily-limit unit, and keeps the gap after any attempt', () => {
    const planner = plannerWithList(3);
    planner.record({ listId: 'l', row: 0, atMs: ms('2026-12-07T14:00:00Z'), result: 'retry', countsTowardDailyLimit: false, retryAtMs: ms('2026-12-07T16:30:00Z') });
    expect(planner.next(ms('2026-12-07T14:00:00Z'))).toMatchObject({ atMs: ms('2026-12-07T15:00:00Z'), row: 1 });
    planner.record({ listId: 'l', row: 1, atMs: ms('2026-12-07T15:00:00Z'), result: 'done', countsTowardDailyLimit: true });
    expect(planner.next(ms('2026-12-07T15:00:00Z'))).toMatchObject({ atMs: ms('2026-12-07T16:00:00Z'), row: 2 });
    planner.record({ listId: 'l', row: 2, atMs: ms('2026-12-07T16:00:00Z'), result: 'done', countsTowardDailyLimit: true });
    // Two sends counted today: the limit of 2 puts the retry on Tuesday, at the window's open.
    expect(planner.next(ms('2026-12-07T16:00:00Z'))).toMatchObject({ atMs: ms('2026-12-08T14:00:00Z'), row: 0 });
  });
});

describe('the send planner, replaying a log', () => {
  it('ignores a second attempt for a recipient already done, beyond its throttle slot', () => {
    const planner = plannerWithList(3);
    planner.record({ listId: 'l', row: 0, atMs: ms('2026-12-07T14:00:00Z'), result: 'done', countsTowardDailyLimit: true });
    planner.record({ listId: 'l', row: 0, atMs: ms('2026-12-07T15:00:00Z'), result: 'retry', countsTowardDailyLimit: false, retryAtMs: ms('2026-12-07T16:00:00Z') });
    expect(planner.listProgress('l', ms('2026-12-07T15:00:00Z')).pending).toBe(2);
    expect(planner.next(ms('2026-12-07T15:00:00Z'))).toMatchObject({ atMs: ms('2026-12-07T16:00:00Z'), row: 1 });
  });
});
