import type { ColumnNote } from './header-columns.js';
import type { ImportWarning, WarningCode } from './types.js';

/** Warnings list this many lines; the count says how many there are in all. */
export const WARNING_LINES_SHOWN = 20;

export interface WarningContext {
  /** Null when the list is checked without a campaign. */
  defaultTimeZone: string | null;
  defaultCountry: string;
  headerLine: number;
}

const rowsHave = (n: number) => (n === 1 ? '1 row has' : `${n.toLocaleString('en-US')} rows have`);
const rowsUse = (n: number) => (n === 1 ? '1 row uses' : `${n.toLocaleString('en-US')} rows use`);

// Every warning sentence in one place, so the CLI, the playground and the tests say the same thing.
const messages: Record<Exclude<WarningCode, 'ignored_column' | 'ambiguous_column'>, (n: number, c: WarningContext) => string> = {
  default_time_zone: (n, c) =>
    c.defaultTimeZone === null
      ? `${rowsHave(n)} no time zone and will use the zone of the campaign that sends the list`
      : `${rowsHave(n)} no time zone and will use the campaign's zone, ${c.defaultTimeZone}`,
  fixed_offset_time_zone: (n) =>
    `${rowsUse(n)} EST, MST or HST, zones that never observe daylight saving time; for local time use a name such as America/New_York`,
  phone_without_plus: (n, c) =>
    `${n === 1 ? '1 phone was' : `${n.toLocaleString('en-US')} phones were`} read as international because ${n === 1 ? 'it is' : 'they are'} not valid in ${c.defaultCountry} without a leading +; check ${n === 1 ? 'it' : 'them'}`,
  formula_prefix: (n) =>
    `${n === 1 ? '1 name starts' : `${n.toLocaleString('en-US')} names start`} with =, +, - or @; kept as text, and neutralised in any CSV the product writes`,
  extra_fields: (n) => `${rowsHave(n)} values beyond the header's columns or under a blank header; those values were ignored`,
  missing_fields: (n) => `${rowsHave(n)} fewer fields than the header; the missing ones are empty`,
  malformed_quotes: (n) => `${rowsHave(n)} a stray quote (") in a quoted field; check that their fields were split as intended`,
  replacement_characters: (n) =>
    `${rowsHave(n)} characters that could not be decoded (shown as �); save the file as "CSV UTF-8" and upload it again`,
  not_utf8: () => 'the file is not UTF-8; it was read as Windows-1252 (Western European)',
  lines_before_header: (n, c) =>
    `${n === 1 ? '1 line' : `${n} lines`} before the header on line ${c.headerLine} ${n === 1 ? 'was' : 'were'} ignored`
};

/** A counted warning's sentence, for a list that did not come through the importer (a scenario's inline one). */
export function describeWarning(code: keyof typeof messages, count: number, context: WarningContext): string {
  return messages[code](count, context);
}

const order: WarningCode[] = [
  'not_utf8',
  'lines_before_header',
  'ambiguous_column',
  'ignored_column',
  'default_time_zone',
  'fixed_offset_time_zone',
  'phone_without_plus',
  'formula_prefix',
  'missing_fields',
  'extra_fields',
  'malformed_quotes',
  'replacement_characters'
];

/** Counts warnings row by row, keeping only the first few line numbers of each. */
export class WarningTally {
  private readonly counts = new Map<WarningCode, { count: number; lines: number[] }>();
  private readonly written: ImportWarning[] = [];

  add(code: Exclude<WarningCode, 'ignored_column' | 'ambiguous_column'>, line: number | null): void {
    let entry = this.counts.get(code);
    if (entry === undefined) {
      entry = { count: 0, lines: [] };
      this.counts.set(code, entry);
    }
    entry.count += 1;
    if (line !== null && entry.lines.length < WARNING_LINES_SHOWN) entry.lines.push(line);
  }

  /** A warning whose sentence is known when it is found (a column's). */
  addWritten(warning: ImportWarning): void {
    this.written.push(warning);
  }

  list(context: WarningContext): ImportWarning[] {
    const counted: ImportWarning[] = [...this.counts].map(([code, { count, lines }]) => ({
      code,
      message: messages[code as keyof typeof messages](count, context),
      count,
      lines
    }));
    return [...counted, ...this.written].sort((a, b) => order.indexOf(a.code) - order.indexOf(b.code));
  }
}

/** A header's warning: a repeated column, or two that could hold the same thing. */
export function columnWarning(note: ColumnNote, line: number): ImportWarning {
  if (note.kind === 'repeated') {
    return {
      code: 'ignored_column',
      message: `column ${note.column} repeats the header "${note.header}"; its values were ignored`,
      count: 1,
      lines: [line]
    };
  }
  const role = { phone: 'phone', name: 'name', timeZone: 'time zone' }[note.role];
  const others = note.others.map((o) => `"${o}"`).join(', ');
  return {
    code: 'ambiguous_column',
    message: `${others} could also be the ${role} column; "${note.chosen}" was used and the others are template variables`,
    count: note.others.length,
    lines: [line]
  };
}
