import { Temporal } from 'temporal-polyfill';
import { advise, describeAdvice, type ImportReport, type Projection, type Scenario } from '../../../core/index.js';
import { barRows } from './bars.js';
import { duplicateLines, importCounts, invalidLines, warningLine } from './import-report.js';
import { completionLabels, statusLabels } from '../../../core/plan/list-status.js';
import { localTimeText } from './local-time.js';

/** Past this many days the per-day chart is drawn per week, so that it still fits a screen. */
const maxDailyRows = 45;

/** The projection as a person reads it: each list's fate, then how the sends fall over the days. */
export function projectionText(scenario: Scenario, projection: Projection): string {
  const { campaign } = scenario;
  const zone = campaign.timeZone;
  const at = (instant: string | null) => (instant === null ? '—' : `${localTimeText(instant, zone)}  (${instant})`);
  const lines: string[] = [];
  const limit = campaign.dailyLimit === null ? 'no daily limit' : `at most ${campaign.dailyLimit} a day`;
  lines.push(`${campaign.name} — ${rateText(campaign.rate)}, ${limit}; times in ${zone}`);
  lines.push(
    scenario.until === null
      ? 'Projected with an ideal provider until nothing more can happen.'
      : `Projected with an ideal provider until ${at(scenario.until.toString())}.`
  );
  for (const list of projection.lists) {
    const source = scenario.lists.find((candidate) => candidate.id === list.id);
    const completion = list.completion === null ? '' : ` — ${completionLabels[list.completion]}`;
    lines.push('');
    lines.push(`${list.id}${source === undefined ? '' : ` (${source.fileName})`}`);
    if (source?.import !== undefined) lines.push(...importLines(source.fileName, source.import));
    lines.push(`  Status       ${statusLabels[list.status]}${completion}`);
    lines.push(`  Progress     ${list.sent}/${list.total}`);
    lines.push(`  First send   ${at(list.firstSendAt)}`);
    lines.push(`  Last send    ${at(list.lastSendAt)}`);
    if (list.completedAt !== null) lines.push(`  ${(list.status === 'stopped' ? 'Stopped' : 'Completed').padEnd(13)}${at(list.completedAt)}`);
    if (source?.endBefore) lines.push(`  End date     ${at(source.endBefore.toString())}`);
    if (list.unreached > 0) lines.push(`  Unreached    ${list.unreached} recipient${list.unreached === 1 ? '' : 's'} will not be texted`);
    if (list.completion === 'end_reached' && list.unreached > 0) lines.push(...adviceLines(scenario, list.id));
  }
  lines.push('');
  if (projection.days.length === 0) {
    lines.push('No sends.');
  } else if (projection.days.length <= maxDailyRows) {
    lines.push(`Sends per day (${zone})`);
    lines.push(...barRows(projection.days.map((day) => ({ label: dayLabel(day.date), value: day.sends }))).map((row) => `  ${row}`));
  } else {
    lines.push(`Sends per week (${zone}, weeks starting Monday)`);
    lines.push(...barRows(weeklyTotals(projection.days)).map((row) => `  ${row}`));
  }
  const total = projection.days.reduce((sum, day) => sum + day.sends, 0);
  lines.push(`  ${total} send${total === 1 ? '' : 's'} over ${projection.days.length} day${projection.days.length === 1 ? '' : 's'}`);
  if (projection.sends !== undefined) {
    lines.push('', 'Sends');
    for (const send of projection.sends) lines.push(`  ${localTimeText(send.at, zone)}  ${send.at}  ${send.list}  row ${send.row}`);
  }
  return `${lines.join('\n')}\n`;
}

/** Past this many, the rows an import left out are counted, not listed: check-csv lists them all. */
const importRowsShown = 5;

/** What the import of a list's CSV kept and left out, so that no row is dropped without a word. */
function importLines(file: string, report: ImportReport): string[] {
  const details = [...invalidLines(report), ...duplicateLines(report), ...report.warnings.map(warningLine)];
  const shown = details.slice(0, importRowsShown).map((line) => `    ${line}`);
  const more = details.length - shown.length;
  return [
    `  Imported     ${importCounts(report)}`,
    ...shown,
    ...(more > 0 ? [`    … and ${more} more; "proactive-sms check-csv ${file}" lists them all`] : [])
  ];
}

/**
 * `project --json`: core's projection, and for each list given as a CSV file its import report
 * (`check-csv --json`'s shape) under `import`.
 */
export function projectionJson(scenario: Scenario, projection: Projection): Projection {
  const imports = new Map(scenario.lists.map((list) => [list.id, list.import]));
  return {
    ...projection,
    lists: projection.lists.map((list) => {
      const report = imports.get(list.id);
      return report === undefined ? list : { ...list, import: report };
    })
  };
}

const units: [seconds: number, name: string][] = [
  [86_400, 'day'],
  [3_600, 'hour'],
  [60, 'minute'],
  [1, 'second']
];

/** `8 per minute`, `40 per 5 minutes`, `1 per 90 seconds`. */
export function rateText(rate: { messages: number; perSeconds: number }): string {
  const [seconds, name] = units.find(([unit]) => rate.perSeconds % unit === 0) ?? [1, 'second'];
  const count = rate.perSeconds / seconds;
  return `${rate.messages} per ${count === 1 ? name : `${count} ${name}s`}`;
}

/** What would reach everyone before the end date, for a list that it cuts: the web app's sentence, wrapped. */
function adviceLines(scenario: Scenario, listId: string): string[] {
  const { sentence } = describeAdvice(scenario, listId, advise(scenario, listId));
  return wrapped(sentence, adviceWidth).map((line, i) => `  ${(i === 0 ? 'Advice' : '').padEnd(13)}${line}`);
}

/** Columns of advice text on a line, after its 15-column label. */
const adviceWidth = 85;

/** Words on lines of at most `width` characters (a longer word stands alone). */
function wrapped(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line !== '' && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else {
      line = line === '' ? word : `${line} ${word}`;
    }
  }
  if (line !== '') lines.push(line);
  return lines;
}

function dayLabel(date: string): string {
  const plain = Temporal.PlainDate.from(date);
  return `${plain.toLocaleString('en-US', { weekday: 'short' })} ${date}`;
}

function weeklyTotals(days: Projection['days']): { label: string; value: number }[] {
  const weeks = new Map<string, number>();
  for (const day of days) {
    const date = Temporal.PlainDate.from(day.date);
    const monday = date.subtract({ days: date.dayOfWeek - 1 }).toString();
    weeks.set(monday, (weeks.get(monday) ?? 0) + day.sends);
  }
  return [...weeks].map(([monday, value]) => ({ label: monday, value }));
}
