import { Temporal } from 'temporal-polyfill';
import { buildDailyReports, reportLabels, type Report } from '../../../core/campaign/report.js';
import { inCausalOrder, type TimelineEvent } from '../../../core/campaign/timeline.js';
import type { ProjectedList, Scenario } from '../../../core/index.js';
import { statusLabels } from '../../../core/plan/list-status.js';
import { LocalDays } from '../../../core/schedule/days.js';
import { plainDateOf } from '../../../core/schedule/epoch-day.js';
import type { SimulationResult } from '../../memory/simulation.js';
import type { CliIo } from '../io.js';
import { localTimeText } from './local-time.js';

// What a tester reads: a progress bar per list (redrawn each simulated day on a terminal), then
// the run day by day, a few conversations, and the report.

const barWidth = 30;
const conversationsShown = 3;

export function liveBars(io: CliIo, scenario: Scenario) {
  let drawn = 0;
  return ({ at, lists }: { at: Temporal.Instant; lists: ProjectedList[] }) => {
    const lines = barLines(scenario, lists, at);
    io.stdout(`${drawn > 0 ? `\x1b[${drawn}A` : ''}${lines.map((line) => `\x1b[2K${line}`).join('\n')}\n`);
    drawn = lines.length;
  };
}

function barLines(scenario: Scenario, lists: readonly ProjectedList[], at: Temporal.Instant): string[] {
  const idWidth = lists.reduce((widest, list) => Math.max(widest, list.id.length), 4);
  return [
    `Campaign time ${localTimeText(at.toString(), scenario.campaign.timeZone)} (${scenario.campaign.timeZone})`,
    ...lists.map((list) => {
      const filled = list.total === 0 ? barWidth : Math.round((list.sent / list.total) * barWidth);
      const bar = `${'█'.repeat(filled)}${'░'.repeat(barWidth - filled)}`;
      return `  ${list.id.padEnd(idWidth)}  ${bar}  ${`${list.sent}/${list.total}`.padStart(13)}  ${statusLabels[list.status]}`;
    })
  ];
}

export function simulationText(scenario: Scenario, result: SimulationResult, barsShown: boolean): string {
  const { campaign, provider } = scenario;
  const zone = campaign.timeZone;
  const lines: string[] = [];
  if (!barsShown) lines.push(...barLines(scenario, result.lists, result.endedAt));
  lines.push('', `${campaign.name} — simulated with seed ${provider.seed}; times in ${zone}`);
  for (const [index, list] of result.lists.entries()) {
    const tally = result.tallies[index];
    // Failures as the report counts them; skips are recipients whose phone had opted out before their turn.
    const failed = result.report.lists[index]?.failed ?? 0;
    const beside = tally === undefined ? '' : `, ${failed} ${reportLabels.failed}, ${tally.optedOut} skipped (opted out earlier), ${tally.unknown} unknown`;
    const ended = list.completedAt === null ? '' : `, ${list.status === 'stopped' ? 'stopped' : 'completed'} ${localTimeText(list.completedAt, zone)}`;
    lines.push(`  ${list.id}: ${statusLabels[list.status]} ${list.sent}/${list.total}${beside}${ended}`);
  }
  for (const halt of result.halts) {
    lines.push(`  Sending halted at ${localTimeText(halt.at.toString(), zone)}: ${halt.message} (${halt.code})`);
  }
  const events = inCausalOrder(result.events);
  lines.push('', `Day by day (${zone})`, ...dayLines(events, zone));
  lines.push('', ...conversationLines(events, zone));
  lines.push('', `Report  ${reportText(result.report)}`);
  for (const list of result.report.lists) lines.push(`  ${list.id}: ${reportText(list)}`);
  return `${lines.join('\n')}\n`;
}

/** Each day's report, counted as the report counts. */
function dayLines(events: readonly TimelineEvent[], zone: string): string[] {
  const days = new LocalDays(zone);
  const byDay = buildDailyReports(events, (atMs) => days.dayAt(atMs).epochDay);
  if (byDay.size === 0) return ['  nothing happened'];
  return [...byDay]
    .sort(([a], [b]) => a - b)
    .map(([day, report]) => {
      const date = plainDateOf(day);
      const parts = reportFields.filter((field) => report[field] > 0).map((field) => `${reportLabels[field]} ${report[field]}`);
      return `  ${date.toLocaleString('en-US', { weekday: 'short' })} ${date.toString()}  ${parts.join(', ')}`;
    });
}

function conversationLines(events: readonly TimelineEvent[], zone: string): string[] {
  const phones: string[] = [];
  for (const event of events) {
    if (event.type === 'reply' && !phones.includes(event.phone)) phones.push(event.phone);
    if (phones.length === conversationsShown) break;
  }
  if (phones.length === 0) return ['No customer replied.'];
  const lines = [`Conversations (the first ${phones.length} with a reply)`];
  for (const phone of phones) {
    lines.push(`  ${phone}`);
    for (const event of events) {
      if (event.phone === phone) lines.push(`    ${localTimeText(event.at.toString(), zone)}  ${eventText(event)}`);
    }
  }
  return lines;
}

function eventText(event: TimelineEvent): string {
  switch (event.type) {
    case 'outbound':
      return `→ "${event.body}" (${event.campaignName}, ${event.listName})`;
    case 'refused':
      return `✗ refused: ${event.reason.replaceAll('_', ' ')} (${event.code})`;
    case 'status':
      return `  ${event.status}${event.errorCode === null ? '' : ` (${event.errorCode})`}`;
    case 'reply':
      return `← "${event.body}"`;
    case 'opt_out':
      return `← "${event.body}" — opted out`;
    case 'opt_in':
      return `← "${event.body}" — opted back in`;
  }
}

const reportFields = Object.keys(reportLabels) as (keyof Report)[];

function reportText(report: Report): string {
  return reportFields.map((field) => `${reportLabels[field]} ${report[field]}`).join(' · ');
}
