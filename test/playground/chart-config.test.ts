import { Temporal } from 'temporal-polyfill';
import { describe, expect, it } from 'vitest';
import { cumulativeConfig, dailyConfig, dateTicks, splitAtEnd, tickLabel, timeRange, timeTicks } from '../../playground/lib/projection/chart-config.js';
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

describe('the time axis of a list sent within a day', () => {
  const zone = 'America/New_York';
  const local = (ms: number) => Temporal.Instant.fromEpochMilliseconds(ms).toZonedDateTimeISO(zone).toPlainTime().toString({ smallestUnit: 'minute' });

  it('labels round times of day when the span holds no local midnight (it was bare)', () => {
    // 12:29 to 12:40 in New York: ten minutes of sending, no midnight to mark.
    const min = Date.parse('2026-12-02T17:29:00Z');
    const max = Date.parse('2026-12-02T17:40:00Z');
    const ticks = timeTicks(zone, min, max);
    expect(ticks.map(local)).toEqual(['12:30', '12:32', '12:34', '12:36', '12:38', '12:40']);
    expect(ticks.map((ms) => tickLabel(ms, zone))).toEqual(['12:30', '12:32', '12:34', '12:36', '12:38', '12:40']);
  });

  it('names a local midnight by its date and keeps to local midnights for a span of days', () => {
    expect(tickLabel(Date.parse('2026-12-08T05:00:00Z'), zone)).toBe('8 Dec');
    expect(timeTicks(zone, Date.parse('2026-12-07T14:00:00Z'), Date.parse('2026-12-10T20:00:00Z'))).toEqual(
      dateTicks(zone, Date.parse('2026-12-07T14:00:00Z'), Date.parse('2026-12-10T20:00:00Z'))
    );
  });

  it('leaves a share of the span after the finish, not a whole hour that squeezes the curve to the left', () => {
    const projection = projectionOf('2026-12-07T17:00:00Z');
    const { minMs, maxMs } = timeRange(projection);
    const finishMs = projection.summary.finishMs!;
    expect(maxMs - finishMs).toBeLessThanOrEqual(Math.max(60_000, (finishMs - minMs) * 0.03) + 1);
    expect(maxMs).toBeGreaterThan(finishMs);
  });
});

describe('the unreached label', () => {
  it('sits left of the end line when there is room, and inside the band when the line is near the start', () => {
    const labelOf = (end: string) =>
      (cumulativeConfig(projectionOf(end), theme).options!.plugins!.annotation!.annotations as Record<string, Record<string, unknown>>).unreachedLabel;
    // An end on the second morning, near the right of the chart: the label fits on its left.
    expect(labelOf('2026-12-08T14:30:00Z')).toMatchObject({ position: { x: 'end', y: 'center' }, xAdjust: -6 });
    // An end ten minutes after the start: on its left the label was cut to its last letter.
    expect(labelOf('2026-12-07T14:10:00Z')).toMatchObject({ position: { x: 'start', y: 'center' }, xAdjust: 6 });
  });
});

describe('the line past the end date', () => {
  it('gets a point on the end date, so that it is dashed from there even inside one run of sends', () => {
    const curve = [{ atMs: 0, sent: 0 }, { atMs: 600_000, sent: 60 }];
    expect(splitAtEnd(curve, 180_000)).toEqual([{ atMs: 0, sent: 0 }, { atMs: 180_000, sent: 18 }, { atMs: 600_000, sent: 60 }]);
    expect(splitAtEnd(curve, null)).toEqual(curve);
    expect(splitAtEnd(curve, 900_000)).toEqual(curve);
    expect(splitAtEnd(curve, 600_000)).toEqual(curve);
  });

  it('is drawn dashed after the end date and solid before it', () => {
    const projection = projectionOf('2026-12-07T17:00:00Z');
    const dataset = cumulativeConfig(projection, theme).data.datasets[0]!;
    const endMs = Date.parse('2026-12-07T17:00:00Z');
    expect(dataset.data.some((point) => point.x === endMs)).toBe(true);
    const segment = dataset.segment as { borderDash: (ctx: unknown) => number[] | undefined };
    const dash = (x: number) => segment.borderDash({ p0: { parsed: { x } } });
    expect(dash(endMs - 1)).toBeUndefined();
    expect(dash(endMs)).toEqual([6, 4]);
  });
});
