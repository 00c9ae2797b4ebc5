import { Temporal } from 'temporal-polyfill';
import type { Scenario } from '../scenario/scenario.js';
import type { Rate } from '../schedule/throttle.js';
import type { Advice } from './advise.js';

/**
 * What the advice says about a list: `no_end` and `fits` reach everyone, `too_soon` leaves
 * some unmessaged at the end date, `never` does not finish within the projection's horizon
 * (or a stop cuts it), `empty` has nobody to text.
 */
export type AdviceVerdict = 'empty' | 'no_end' | 'fits' | 'too_soon' | 'never';

export interface AdviceSummary {
  verdict: AdviceVerdict;
  /** One paragraph for an administrator; times in the campaign's zone, to the minute. */
  sentence: string;
  /** When the last recipient would be texted without the end date, rounded up to the minute; null if never. */
  finishMs: number | null;
}

const minuteMs = 60_000;

/**
 * The advisor's sentence for one list, from `advise` on the same scenario, e.g. "At 8 messages a
 * minute in these hours, 12,400 recipients finish Tue 22 Dec 15:10 EST. Your end date Fri 18 Dec
 * 17:00 is too soon: 2,030 recipients (16 %) would not be messaged. Raise the throttle to 11 a
 * minute, or end after 22 Dec 15:10." The web app shows it beside Add Recipients and the command
 * line's `project` under a list the end date cuts: one voice for the same advice.
 */
export function describeAdvice(scenario: Scenario, listId: string, advice: Advice): AdviceSummary {
  const { campaign } = scenario;
  const list = scenario.lists.find((candidate) => candidate.id === listId);
  if (list === undefined) throw new Error(`no list has the id "${listId}"`);
  const total = list.recipients.length;
  if (total === 0) return { verdict: 'empty', sentence: 'The list has no recipients: there is nothing to send.', finishMs: null };

  const clock = new CampaignClock(campaign.timeZone, list.startAfter);
  const others = scenario.lists.length - 1;
  const limit = campaign.dailyLimit === null ? '' : ` and at most ${count(campaign.dailyLimit)} a day`;
  const shared = others === 0 ? '' : `, shared with ${plural(others, 'other list')}`;
  const who = plural(total, 'recipient');
  const head = `At ${plural(campaign.rate.messages, 'message')} ${perText(campaign.rate.perSeconds)}${limit} in these hours${shared}`;
  const end = list.endBefore === null ? null : clock.short(list.endBefore.epochMilliseconds);

  if (advice.earliestEndBefore === null) {
    const sentence = `${head}, the ${who} would not ${total === 1 ? 'be' : 'all be'} messaged within 100 years.`;
    const cut = end === null || advice.unreached === 0 ? '' : ` ${unreachedText(end, advice.unreached, total)}`;
    return { verdict: 'never', sentence: `${sentence}${cut}`, finishMs: null };
  }
  // The last send, rounded up to the minute: ending at or after it reaches everyone.
  const finishMs = Math.ceil((Temporal.Instant.from(advice.earliestEndBefore).epochMilliseconds - 1) / minuteMs) * minuteMs;
  const finish = `${head}, ${who} ${total === 1 ? 'finishes' : 'finish'} ${clock.long(finishMs)}`;
  if (end === null) return { verdict: 'no_end', sentence: `${finish}.`, finishMs };
  if (advice.unreached === 0) return { verdict: 'fits', sentence: `${finish}, before your end date ${end}.`, finishMs };

  const remedies: string[] = [];
  if (advice.minRateToFinish !== null) remedies.push(`raise the throttle to ${rateText(advice.minRateToFinish)}`);
  if (advice.minDailyLimitToFinish !== null) remedies.push(`raise the daily limit to ${count(advice.minDailyLimitToFinish)} a day`);
  remedies.push(`end after ${clock.dayAndTime(finishMs)}`);
  const last = remedies.pop() as string;
  const remedy = remedies.length === 0 ? last : `${remedies.join(', ')}, or ${last}`;
  // Why no throttle is offered, so that nobody goes looking for one.
  const noThrottle =
    advice.minRateToFinish !== null
      ? ''
      : campaign.dailyLimit === null
        ? ' No throttle alone would: the sending hours before the end date are too few.'
        : ' No throttle alone would: the daily limit or the sending hours before the end date bind.';
  return {
    verdict: 'too_soon',
    sentence: `${finish}. ${unreachedText(end, advice.unreached, total)} ${remedy.charAt(0).toUpperCase()}${remedy.slice(1)}.${noThrottle}`,
    finishMs
  };
}

function unreachedText(end: string, unreached: number, total: number): string {
  const left = unreached === total ? `none of the ${plural(total, 'recipient')} would be messaged` : `${plural(unreached, 'recipient')} (${percent(unreached, total)}) would not be messaged`;
  return `Your end date ${end} is too soon: ${left}.`;
}

/** "11 a minute", "2 every 15 minutes". */
function rateText(rate: Rate): string {
  return `${count(rate.messages)} ${perText(rate.perSeconds)}`;
}

const namedPeriods = new Map([
  [1, 'a second'],
  [60, 'a minute'],
  [3600, 'an hour'],
  [86_400, 'a day']
]);

function perText(perSeconds: number): string {
  const named = namedPeriods.get(perSeconds);
  if (named !== undefined) return named;
  if (perSeconds % 3600 === 0) return `every ${count(perSeconds / 3600)} hours`;
  if (perSeconds % 60 === 0) return `every ${count(perSeconds / 60)} minutes`;
  return `every ${count(perSeconds)} seconds`;
}

const numbers = new Intl.NumberFormat('en-US', { maximumFractionDigits: 3 });

function count(n: number): string {
  return numbers.format(n);
}

function plural(n: number, noun: string): string {
  return `${count(n)} ${noun}${n === 1 ? '' : 's'}`;
}

/** Whole percent, never rounded to 0 % or 100 % when it is neither. */
function percent(part: number, whole: number): string {
  const rounded = Math.round((part / whole) * 100);
  if (rounded === 0 && part > 0) return '< 1 %';
  if (rounded === 100 && part < whole) return '> 99 %';
  return `${rounded} %`;
}

const weekdayNames = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
const monthNames = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** "Tue 22 Dec 2026 15:10 EST": an instant as read in the campaign's zone, the way the advisor writes it. */
export function campaignTimeText(epochMs: number, timeZone: string): string {
  return new CampaignClock(timeZone, null).long(epochMs);
}

/** Instants as an administrator reads them in the campaign's zone; the year only when it is not the list's start year. */
class CampaignClock {
  private readonly startYear: number | null;
  private readonly zoneNames: Intl.DateTimeFormat;

  constructor(
    private readonly timeZone: string,
    /** Without it, the year is always written. */
    listStart: Temporal.Instant | null
  ) {
    this.startYear = listStart === null ? null : listStart.toZonedDateTimeISO(timeZone).year;
    this.zoneNames = zoneNamesOf(timeZone);
  }

  /** "22 Dec 15:10" */
  dayAndTime(epochMs: number): string {
    const at = this.at(epochMs);
    const year = at.year === this.startYear ? '' : ` ${at.year}`;
    return `${at.day} ${monthNames[at.month - 1]}${year} ${pad(at.hour)}:${pad(at.minute)}`;
  }

  /** "Fri 18 Dec 17:00" */
  short(epochMs: number): string {
    return `${weekdayNames[this.at(epochMs).dayOfWeek - 1]} ${this.dayAndTime(epochMs)}`;
  }

  /** "Tue 22 Dec 15:10 EST" */
  long(epochMs: number): string {
    const zone = this.zoneNames.formatToParts(epochMs).find((part) => part.type === 'timeZoneName')?.value ?? this.timeZone;
    return `${this.short(epochMs)} ${zone}`;
  }

  private at(epochMs: number): Temporal.ZonedDateTime {
    return Temporal.Instant.fromEpochMilliseconds(epochMs).toZonedDateTimeISO(this.timeZone);
  }
}

/** A formatter per zone, since making one costs more than formatting with it (a live projection formats often). */
const zoneNameFormats = new Map<string, Intl.DateTimeFormat>();

function zoneNamesOf(timeZone: string): Intl.DateTimeFormat {
  let format = zoneNameFormats.get(timeZone);
  if (format === undefined) zoneNameFormats.set(timeZone, (format = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'short' })));
  return format;
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}
