import { aliasesOf, layoutColumns, roleOf, type ColumnLayout, type ColumnRole } from '../recipients/header-columns.js';
import { createPhoneNormaliser } from '../recipients/phones.js';
import { describeWarning } from '../recipients/warnings.js';
import { readRecipientRow, type RowReaders } from '../recipients/row-reader.js';
import { parseTemplate } from '../recipients/templates.js';
import type { Recipient } from '../recipients/types.js';
import { createZoneResolver } from '../recipients/zones.js';
import { closestWord } from '../text/closest.js';
import { describeValue } from './errors.js';

const roleNames: Record<ColumnRole, string> = { phone: 'phone', name: 'name', timeZone: 'timeZone' };
const roleWords: Record<ColumnRole, string> = { phone: 'the phone', name: 'the name', timeZone: 'the time zone' };

/**
 * Reads a scenario's inline recipients with the rules of a CSV's columns: a key is matched as a
 * header is (`timezone`, `tz`, `phoneNumber`, `mobile`… mean what they mean in a CSV), phones and
 * zones are read by the same functions, and every other key is a template variable. A key that
 * looks like a misspelt phone, name or time zone is refused rather than taken as a variable,
 * unless the campaign's message uses it: silently falling back to the campaign's zone would text
 * people at the wrong hour.
 */
export class InlineRecipientsReader {
  private readonly readers: RowReaders = { phone: createPhoneNormaliser('US'), zone: createZoneResolver() };
  // A list's rows nearly always share their keys: each set of keys is laid out once per parse.
  private readonly layouts = new Map<string, ColumnLayout | string>();
  private readonly templateKeys: ReadonlySet<string>;
  private fixedOffsetRows = 0;

  constructor(
    private readonly campaignTimeZone: string,
    message: string
  ) {
    const keys = new Set<string>();
    for (const part of parseTemplate(message).template.parts) if (!('text' in part)) keys.add(part.variable);
    this.templateKeys = keys;
  }

  /** The list's recipients, or the problems found, each starting with its field path. */
  read(rows: readonly Record<string, unknown>[], path: string, issues: string[], warnings: string[]): Recipient[] {
    this.fixedOffsetRows = 0;
    const recipients: Recipient[] = [];
    const firstRow = new Map<string, number>();
    rows.forEach((row, index) => {
      const where = `${path}[${index}]`;
      const recipient = this.readRow(row, where, issues);
      if (recipient === null) return;
      const first = firstRow.get(recipient.phone);
      if (first === undefined) firstRow.set(recipient.phone, index);
      else issues.push(`${where}.${this.phoneKeyOf(row)}: ${recipient.phone} is already recipients[${first}]; a list texts each phone once`);
      recipients.push(recipient);
    });
    if (this.fixedOffsetRows > 0) {
      const context = { defaultTimeZone: this.campaignTimeZone, defaultCountry: 'US', headerLine: 0 };
      warnings.push(`${path}: ${describeWarning('fixed_offset_time_zone', this.fixedOffsetRows, context)}`);
    }
    return recipients;
  }

  private readRow(row: Record<string, unknown>, where: string, issues: string[]): Recipient | null {
    const keys = Object.keys(row);
    const layout = this.layoutOf(keys);
    if (typeof layout === 'string') {
      issues.push(`${where}${layout}`);
      return null;
    }
    const cells: string[] = [];
    for (const key of keys) {
      const value = row[key];
      if (value === null || value === undefined) cells.push('');
      else if (typeof value === 'string') cells.push(value);
      else if (typeof value === 'number' && Number.isFinite(value)) cells.push(String(value));
      else {
        issues.push(`${where}.${key}: must be text or a number, not ${describeValue(value)}`);
        return null;
      }
    }
    const read = readRecipientRow(cells, layout, this.readers);
    if (!read.ok) {
      const [problem] = read.problems;
      issues.push(`${where}.${keys[problem!.index]!}: ${problem!.reason}`);
      return null;
    }
    if (read.zone?.fixedOffset === true) this.fixedOffsetRows += 1;
    return { phone: read.phone, name: read.name, timeZone: read.zone?.timeZone ?? this.campaignTimeZone, variables: read.variables };
  }

  private phoneKeyOf(row: Record<string, unknown>): string {
    const keys = Object.keys(row);
    const layout = this.layoutOf(keys);
    return typeof layout === 'string' ? 'phone' : keys[layout.phoneIndex]!;
  }

  /** Where each key goes, or the problem with the keys (a path suffix and a sentence). */
  private layoutOf(keys: string[]): ColumnLayout | string {
    const signature = keys.join('\u0000');
    let layout = this.layouts.get(signature);
    if (layout === undefined) {
      layout = this.checkedLayout(keys);
      if (this.layouts.size < 1_000) this.layouts.set(signature, layout);
    }
    return layout;
  }

  private checkedLayout(keys: string[]): ColumnLayout | string {
    const layout = layoutColumns(keys);
    for (const note of layout?.notes ?? []) {
      // Two phones or two zones would text someone, or at an hour, nobody chose; a second
      // name-like key is a variable, as a CSV's second name-like column is.
      if (note.kind === 'ambiguous' && note.role !== 'name') return `: ${[note.chosen, ...note.others].map((k) => `"${k}"`).join(' and ')} ${note.others.length > 1 ? 'all' : 'both'} give ${roleWords[note.role]}; keep one`;
    }
    // Keys that are no role's name but one slip from one (a second name-like key is a name's, not a slip).
    const variables = layout === null ? keys : layout.variableIndexes.map(([, key]) => key);
    for (const key of variables.filter((k) => roleOf(k) === null)) {
      if (this.templateKeys.has(key) || key.replace(/[^a-z0-9]/gi, '').length < 4) continue;
      const role = nearRole(key);
      if (role !== null) return `.${key} is not a field; did you mean ${roleNames[role]}?`;
    }
    if (layout === null) return `: no phone; give "phone" (or mobile, phoneNumber, cell…)`;
    return layout;
  }
}

/** The role whose spelling a key is one slip away from, if any. */
function nearRole(key: string): ColumnRole | null {
  for (const role of ['timeZone', 'phone', 'name'] as const) {
    if (closestWord(key, aliasesOf(role)) !== null) return role;
  }
  return null;
}
