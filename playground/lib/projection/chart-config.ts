import type { ChartConfiguration, Tick } from 'chart.js';
import { Temporal } from 'temporal-polyfill';
import type { ChartTheme } from './chart-theme.js';
import type { CurvePoint } from './curve.js';
import type { DraftProjection } from './draft-projection.js';
import { count } from './format.js';

const dayMs = 86_400_000;
/** Steps between date ticks, in days: the first that keeps the axis under about eight labels. */
const tickSteps = [1, 2, 7, 14, 28, 56, 91, 182, 364];

/**
 * One annotation of chartjs-plugin-annotation. Its own types cannot be imported here: its
 * declaration files import each other without file extensions, which NodeNext resolution refuses.
 */
type AnnotationOptions = { type: 'line' | 'box' | 'label' } & Record<string, unknown>;

export type CumulativeConfig = ChartConfiguration<'line', { x: number; y: number }[]>;
export type DailyConfig = ChartConfiguration<'bar', number[], string>;

/** Where the cumulative chart's time axis starts and ends: the start, the last send and the end date all in view. */
export function timeRange(projection: DraftProjection): { minMs: number; maxMs: number } {
  const lastMs = projection.curve.at(-1)?.atMs ?? projection.startMs;
  const maxMs = Math.max(lastMs, projection.summary.finishMs ?? lastMs, projection.endMs ?? lastMs);
  // A little room after the last event, so the end line and the last send are not on the border;
  // a share of the span, not a fixed hour, or a list sent in ten minutes fills a sixth of the chart.
  return { minMs: projection.startMs, maxMs: maxMs + Math.max(60_000, (maxMs - projection.startMs) * 0.03) };
}

/** Local midnights of the campaign's zone between the two instants, few enough to label. */
/** Steps between time-of-day ticks, in minutes, for a span too short to hold two local midnights. */
const clockSteps = [1, 2, 5, 10, 15, 30, 60, 120, 180, 360, 720];

/**
 * The time axis's ticks: local midnights, or, when the span holds fewer than two of them (a list
 * sent within a day), round times of day in the campaign's zone, so that the axis is never bare.
 */
export function timeTicks(timeZone: string, minMs: number, maxMs: number): number[] {
  const days = dateTicks(timeZone, minMs, maxMs);
  if (days.length >= 2) return days;
  const stepMinutes = clockSteps.find((minutes) => (maxMs - minMs) / (minutes * 60_000) <= 8) ?? 1440;
  let tick = Temporal.Instant.fromEpochMilliseconds(minMs).toZonedDateTimeISO(timeZone).startOfDay();
  const ticks: number[] = [];
  // Stepping from local midnight keeps ticks on round wall-clock times, across a change of clocks too.
  for (; tick.epochMilliseconds <= maxMs; tick = tick.add({ minutes: stepMinutes })) {
    if (tick.epochMilliseconds >= minMs) ticks.push(tick.epochMilliseconds);
  }
  return ticks;
}

/** A tick's label: the date at a local midnight, else the time of day (`14:30`). */
export function tickLabel(epochMs: number, timeZone: string): string {
  const local = Temporal.Instant.fromEpochMilliseconds(epochMs).toZonedDateTimeISO(timeZone);
  return local.hour === 0 && local.minute === 0 ? shortDate(local.toPlainDate().toString()) : local.toPlainTime().toString({ smallestUnit: 'minute' });
}

export function dateTicks(timeZone: string, minMs: number, maxMs: number): number[] {
  const step = tickSteps.find((days) => (maxMs - minMs) / (days * dayMs) <= 8) ?? Math.ceil((maxMs - minMs) / (8 * dayMs));
  const first = Temporal.Instant.fromEpochMilliseconds(minMs).toZonedDateTimeISO(timeZone).startOfDay();
  const ticks: number[] = [];
  for (let day = first; day.epochMilliseconds <= maxMs; day = day.add({ days: step })) {
    if (day.epochMilliseconds >= minMs) ticks.push(day.epochMilliseconds);
  }
  return ticks;
}

export function cumulativeConfig(projection: DraftProjection, theme: ChartTheme): CumulativeConfig {
  const { minMs, maxMs } = timeRange(projection);
  return {
    type: 'line',
    data: {
      datasets: [
        {
          label: 'Recipients messaged',
          data: splitAtEnd(projection.curve, projection.endMs).map((point) => ({ x: point.atMs, y: point.sent })),
          borderColor: theme.series,
          backgroundColor: theme.series,
          borderWidth: 2,
          pointRadius: 0,
          tension: 0,
          // Past the end date the line is what would happen without it: dashed, over the unreached box.
          segment: { borderDash: (ctx) => (projection.endMs !== null && (ctx.p0.parsed.x ?? 0) >= projection.endMs ? [6, 4] : undefined) }
        }
      ]
    },
    options: {
      animation: false,
      parsing: false,
      normalized: true,
      maintainAspectRatio: false,
      // The page gives the numbers in text; hover would only repeat them.
      events: [],
      font: { family: theme.font },
      scales: {
        x: {
          type: 'linear',
          min: minMs,
          max: maxMs,
          afterBuildTicks: (axis) => {
            axis.ticks = timeTicks(projection.timeZone, minMs, maxMs).map((value): Tick => ({ value }));
          },
          ticks: { color: theme.text, callback: (value) => tickLabel(Number(value), projection.timeZone), maxRotation: 0 },
          grid: { color: theme.grid }
        },
        y: {
          type: 'linear',
          min: 0,
          suggestedMax: projection.total,
          ticks: { color: theme.text, precision: 0, callback: (value) => count(Number(value)) },
          grid: { color: theme.grid },
          title: { display: true, text: 'Recipients messaged', color: theme.text }
        }
      },
      plugins: {
        legend: { display: false },
        tooltip: { enabled: false },
        annotation: { annotations: annotationsOf(projection, theme) }
      }
    }
  };
}

/**
 * The curve with a point on the end date, so that the part past it is dashed from there: a list
 * sent in one run is one straight segment, which was drawn solid all the way.
 */
export function splitAtEnd(curve: readonly CurvePoint[], endMs: number | null): CurvePoint[] {
  const after = endMs === null ? -1 : curve.findIndex((point) => point.atMs > endMs);
  if (endMs === null || after <= 0 || curve[after - 1]!.atMs === endMs) return [...curve];
  const [from, to] = [curve[after - 1]!, curve[after]!];
  const sent = from.sent + ((to.sent - from.sent) * (endMs - from.atMs)) / (to.atMs - from.atMs);
  return [...curve.slice(0, after), { atMs: endMs, sent }, ...curve.slice(after)];
}

function annotationsOf(projection: DraftProjection, theme: ChartTheme): Record<string, AnnotationOptions> {
  const label = (content: string, position: 'start' | 'end', color: string) => ({
    display: true,
    content,
    position,
    color,
    backgroundColor: theme.surface,
    font: { size: 12, family: theme.font }
  });
  const annotations: Record<string, AnnotationOptions> = {
    // Lines and their labels under the curve, so that a label never hides where the curve goes.
    listSize: {
      type: 'line',
      drawTime: 'beforeDatasetsDraw',
      scaleID: 'y',
      value: projection.total,
      borderColor: theme.text,
      borderWidth: 1,
      borderDash: [4, 4],
      label: label(`List size ${count(projection.total)}`, 'start', theme.text)
    }
  };
  if (projection.endMs !== null) {
    annotations.endDate = {
      type: 'line',
      drawTime: 'beforeDatasetsDraw',
      scaleID: 'x',
      value: projection.endMs,
      borderColor: theme.endLine,
      borderWidth: 2,
      label: { ...label('End date', 'end', theme.endLine), rotation: 0 }
    };
  }
  const unreached = projection.advice.unreached;
  if (projection.endMs !== null && unreached > 0) {
    annotations.unreached = {
      type: 'box',
      xMin: projection.endMs,
      xMax: projection.summary.finishMs ?? timeRange(projection).maxMs,
      yMin: projection.sentByEnd,
      yMax: projection.total,
      backgroundColor: theme.unreached,
      borderWidth: 0,
      drawTime: 'beforeDatasetsDraw',
    };
    // Halfway up the unreached band, beside the end line: on its left, unless the line is so near
    // the start that the label would be cut by the axis (only its last letter showed), then inside the band.
    const { minMs, maxMs } = timeRange(projection);
    const roomOnLeft = (projection.endMs - minMs) / (maxMs - minMs) >= 0.35;
    annotations.unreachedLabel = {
      type: 'label',
      xValue: projection.endMs,
      yValue: (projection.sentByEnd + projection.total) / 2,
      position: { x: roomOnLeft ? 'end' : 'start', y: 'center' },
      xAdjust: roomOnLeft ? -6 : 6,
      content: `${count(unreached)} unreached`,
      color: theme.endLine,
      font: { size: 12, weight: 'bold', family: theme.font }
    };
  }
  return annotations;
}

export function dailyConfig(projection: DraftProjection, theme: ChartTheme): DailyConfig {
  const days = projection.days;
  const series = (label: string, data: number[], color: string) => ({ label, data, backgroundColor: color, stack: 'day' });
  const datasets = [series('This list', days.map((day) => day.list), theme.series)];
  if (days.some((day) => day.pastEnd > 0)) datasets.push(series('Past the end date', days.map((day) => day.pastEnd), theme.unreached));
  if (days.some((day) => day.others > 0)) datasets.push(series('Other lists', days.map((day) => day.others), theme.others));
  return {
    type: 'bar',
    data: { labels: days.map((day) => shortDate(day.date)), datasets },
    options: {
      animation: false,
      maintainAspectRatio: false,
      events: [],
      font: { family: theme.font },
      scales: {
        x: { stacked: true, ticks: { color: theme.text, maxRotation: 0, autoSkipPadding: 12 }, grid: { display: false } },
        y: {
          stacked: true,
          beginAtZero: true,
          ticks: { color: theme.text, precision: 0 },
          grid: { color: theme.grid },
          title: { display: true, text: 'Messages per day', color: theme.text }
        }
      },
      plugins: { legend: { display: datasets.length > 1, labels: { color: theme.text, boxWidth: 12 } }, tooltip: { enabled: false } }
    }
  };
}

const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** `2026-12-22` → `22 Dec`. */
export function shortDate(date: string): string {
  const [, month, day] = date.split('-').map(Number);
  return month === undefined || day === undefined ? date : `${day} ${months[month - 1]}`;
}
