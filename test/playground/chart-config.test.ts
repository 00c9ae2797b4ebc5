import { Temporal } from 'temporal-polyfill';
import { describe, expect, it } from 'vitest';
import { cumulativeConfig, dailyConfig, dateTicks } from '../../playground/lib/projection/chart-config.js';
import type { ChartTheme } from '../../playground/lib/projection/chart-theme.js';
import { projectDraft, type DraftProjection } from '../../playground/lib/projection/draft-projection.js';
import { buildScenario, weekdays } from '../support/build-scenario.js';

// What the charts are told to draw, checked without a canvas.

const theme: ChartTheme = { series: 'blue', others: 'brown', unreached: 'pink', endLine: 'red', text: 'grey', grid: 'silver', surface: 'white', font: 'sans' };

function projectionOf(endBefore: string | null): DraftProjection {
  // Ten in New York, one an hour from Monday 09:00: seven are left out by an end at noon.
  const scenario = buildScenario({
    hours: weekdays('09:00', '17:00'),
    lists: [{ id: 'l', startAfter: '2026-12-07T14:00:00Z', endBefore, zones: Array<null>(10).fill(null) }]
  });
  const { timeZone, hours, rate, dailyLimit } = scenario.campaign;
  const result = projectDraft({ campaign: { timeZone, hours, rate, dailyLimit }, others: [], draft: scenario.lists[0]! });
  if (!result.ok) throw new Error(result.issues.join('; '));
  return result;
}

const midnightIn = (zone: string, ms: number) => Temporal.Instant.fromEpochMilliseconds(ms).toZonedDateTimeISO(zone).toPlainTime().toString();

describe('the time axis', () => {
  it('marks each local midnight of a short span in the campaign’s zone', () => {
    const ticks = dateTicks('America/New_York', Date.parse('2026-12-07T14:00:00Z'), Date.parse('2026-12-10T20:00:00Z'));
    expect(ticks.map((ms) => new Date(ms).toISOString())).toEqual(['2026-12-08T05:00:00.000Z', '2026-12-09T05:00:00.000Z', '2026-12-10T05:00:00.000Z']);
  });

  it('keeps a long span to a few labels, still on local midnights, across a change of clocks', () => {
    const ticks = dateTicks('America/New_York', Date.parse('2027-01-04T14:00:00Z'), Date.parse('2027-11-20T00:00:00Z'));
    expect(ticks.length).toBeGreaterThanOrEqual(4);
    expect(ticks.length).toBeLessThanOrEqual(9);
    expect(ticks.every((ms) => midnightIn('America/New_York', ms) === '00:00:00')).toBe(true);
  });
});

describe('the cumulative chart', () => {
  it('shades the unreached recipients between the end date and the finish, above those messaged by the end', () => {
    const projection = projectionOf('2026-12-07T17:00:00Z');
    const annotations = cumulativeConfig(projection, theme).options!.plugins!.annotation!.annotations as Record<string, Record<string, unknown>>;
    expect(annotations.unreached).toMatchObject({
      type: 'box',
      xMin: Date.parse('2026-12-07T17:00:00Z'),
      xMax: Date.parse('2026-12-08T15:00:00Z'),
      yMin: 3,
      yMax: 10
    });
    expect(annotations.unreachedLabel).toMatchObject({ content: '7 unreached' });
    expect(annotations.endDate).toMatchObject({ type: 'line', value: Date.parse('2026-12-07T17:00:00Z') });
    expect(annotations.listSize).toMatchObject({ type: 'line', value: 10 });
  });

  it('has neither end line nor shading when everyone is reached without an end date', () => {
    const annotations = cumulativeConfig(projectionOf(null), theme).options!.plugins!.annotation!.annotations as Record<string, unknown>;
    expect(Object.keys(annotations)).toEqual(['listSize']);
  });
});

describe('the per-day bars', () => {
  it('stacks the list’s sends before the end and past it, by local date', () => {
    const { data } = dailyConfig(projectionOf('2026-12-07T17:00:00Z'), theme);
    expect(data.labels).toEqual(['7 Dec', '8 Dec']);
    expect(data.datasets.map((set) => [set.label, set.data])).toEqual([
      ['This list', [3, 0]],
      ['Past the end date', [5, 2]]
    ]);
  });
});
