import type { CountryCode } from 'libphonenumber-js/max';
import { layoutColumns, type ColumnLayout } from './header-columns.js';
import { fileErrors } from './file-errors.js';
import { FirstLines } from './first-lines.js';
import { restoreCell, startsLikeFormula } from './formula.js';
import { createPhoneNormaliser, normalisePhone } from './phones.js';
import { columnWarning, WarningTally } from './warnings.js';
import { readRecipientRow, type RowReaders } from './row-reader.js';
import type { DuplicateRow, ImportedRecipient, ImportLimits, InvalidRow, RecipientsImport } from './types.js';
import { createZoneResolver } from './zones.js';

/** What the CSV reader saw wrong with a record's quoting. */
export type QuoteProblem = 'unclosed' | 'malformed' | null;

export interface ImporterOptions {
  /** Null: no campaign yet; rows without a zone are read as UTC and said to take the campaign's. */
  defaultTimeZone: string | null;
  defaultCountry: CountryCode;
  limits: ImportLimits;
  /** The file's length in bytes or characters, when known. */
  sizeHint?: number;
}

// A bare E.164 number and its line break; rows are rarely shorter (a 4-digit national number is),
// and one that is only makes the phone table grow instead of being sized once.
const MIN_ROW_CHARS = 9;

// A title such as "Customer export, November" may sit above the header; further down than this,
// a missing phone column is a missing phone column.
const HEADER_SEARCH_LINES = 5;

/**
 * Turns parsed records into recipients and a report, one record at a time, so that a stream of
 * any length is read in constant memory beside the recipients themselves.
 */
export class RecipientsImporter {
  private line = 0;
  private layout: ColumnLayout | null = null;
  private headerLine = 0;
  private headerWidth = 0;
  private firstRecord: { line: number; cells: string[] } | null = null;
  private nonBlankBeforeHeader = 0;
  private rows = 0;
  private fileError: string | null = null;
  private readonly recipients: ImportedRecipient[] = [];
  private readonly duplicates: DuplicateRow[] = [];
  private readonly invalid: InvalidRow[] = [];
  private readonly firstLines: FirstLines;
  private readonly warnings = new WarningTally();
  private readonly readers: RowReaders;

  constructor(private readonly options: ImporterOptions) {
    this.readers = { phone: createPhoneNormaliser(options.defaultCountry), zone: createZoneResolver() };
    // Sized for the most rows the file can hold, so that a large list never rehashes a table of
    // a million phones on its way up (a third of a second per million rows).
    const rowsAtMost = Math.min(options.limits.maxRows, Math.ceil((options.sizeHint ?? 0) / MIN_ROW_CHARS));
    this.firstLines = new FirstLines(rowsAtMost);
  }

  /** The line the next record will be on. */
  get nextLine(): number {
    return this.line + 1;
  }

  get stopped(): boolean {
    return this.fileError !== null;
  }

  /** Refuses the whole file; nothing of it is imported. */
  refuse(reason: string): void {
    this.fileError ??= reason;
  }

  notUtf8(): void {
    this.warnings.add('not_utf8', null);
  }

  /** One record of the file, blank ones included (they count as lines). False once refused. */
  record(fields: string[], quoteProblem: QuoteProblem): boolean {
    if (this.fileError !== null) return false;
    this.line += 1;
    if (quoteProblem === 'unclosed') {
      this.refuse(fileErrors.unclosedQuote(this.line));
      return false;
    }
    if (isBlank(fields)) return true;
    if (this.layout === null) {
      this.seekHeader(fields);
      return this.fileError === null;
    }
    this.rows += 1;
    if (this.rows > this.options.limits.maxRows) {
      this.refuse(fileErrors.tooManyRows(this.options.limits.maxRows));
      return false;
    }
    if (quoteProblem === 'malformed') this.warnings.add('malformed_quotes', this.line);
    this.readRow(fields, this.layout);
    return true;
  }

  finish(): RecipientsImport {
    if (this.fileError === null && this.layout === null) {
      this.refuse(this.firstRecord === null ? fileErrors.empty() : this.noHeaderReason(this.firstRecord));
    }
    if (this.fileError === null && this.rows === 0) this.refuse(fileErrors.headerOnly(this.headerLine));
    const warnings = this.warnings.list({
      defaultTimeZone: this.options.defaultTimeZone,
      defaultCountry: this.options.defaultCountry,
      headerLine: this.headerLine
    });
    if (this.fileError !== null) {
      return {
        recipients: [],
        report: {
          rows: 0,
          usable: 0,
          duplicates: [],
          invalid: [],
          warnings: warnings.filter((w) => w.code === 'not_utf8'),
          fileError: this.fileError,
          columns: this.layout?.columns ?? null
        }
      };
    }
    return {
      recipients: this.recipients,
      report: {
        rows: this.rows,
        usable: this.recipients.length,
        duplicates: this.duplicates,
        invalid: this.invalid,
        warnings,
        fileError: null,
        columns: this.layout!.columns
      }
    };
  }

  private seekHeader(fields: string[]): void {
    this.firstRecord ??= { line: this.line, cells: fields };
    this.nonBlankBeforeHeader += 1;
    const layout = layoutColumns(fields);
    if (layout === null) {
      if (this.nonBlankBeforeHeader >= HEADER_SEARCH_LINES) this.refuse(this.noHeaderReason(this.firstRecord));
      return;
    }
    this.layout = layout;
    this.headerLine = this.line;
    // A header ending in delimiters ("name,phone,,") does not ask rows for empty columns.
    this.headerWidth = fields.findLastIndex((cell) => cell.trim() !== '') + 1;
    for (let i = 1; i < this.nonBlankBeforeHeader; i += 1) this.warnings.add('lines_before_header', null);
    for (const note of layout.notes) this.warnings.addWritten(columnWarning(note, this.line));
  }

  private noHeaderReason(first: { line: number; cells: string[] }): string {
    const looksLikeData = first.cells.some((cell) => normalisePhone(restoreCell(cell.trim()), this.options.defaultCountry).ok);
    return looksLikeData ? fileErrors.noHeader(first.line) : fileErrors.noPhoneColumn(first.line, first.cells);
  }

  private readRow(fields: string[], layout: ColumnLayout): void {
    const line = this.line;
    this.noteShape(fields, layout, line);
    const row = readRecipientRow(fields, layout, this.readers);
    if (!row.ok) {
      this.invalid.push({ line, reason: row.problems.map((problem) => problem.reason).join('; ') });
      return;
    }
    const firstLine = this.firstLines.firstOrAdd(row.phone, line);
    if (firstLine !== undefined) {
      this.duplicates.push({ line, phone: row.phone, firstLine });
      return;
    }
    if (row.addedPlus) this.warnings.add('phone_without_plus', line);
    if (row.zone === null) this.warnings.add('default_time_zone', line);
    else if (row.zone.fixedOffset) this.warnings.add('fixed_offset_time_zone', line);
    if (row.name !== null && startsLikeFormula(row.name)) this.warnings.add('formula_prefix', line);
    this.recipients.push({
      row: this.recipients.length,
      line,
      phone: row.phone,
      name: row.name,
      timeZone: row.zone === null ? (this.options.defaultTimeZone ?? 'UTC') : row.zone.timeZone,
      variables: row.variables
    });
  }

  private noteShape(fields: string[], layout: ColumnLayout, line: number): void {
    if (fields.length < this.headerWidth) this.warnings.add('missing_fields', line);
    let spilled = false;
    for (let i = this.headerWidth; i < fields.length && !spilled; i += 1) spilled = fields[i]!.trim() !== '';
    for (const index of layout.blankIndexes) spilled ||= (fields[index] ?? '').trim() !== '';
    if (spilled) this.warnings.add('extra_fields', line);
    if (fields.some((field) => field.includes('\uFFFD'))) this.warnings.add('replacement_characters', line);
  }
}

function isBlank(fields: string[]): boolean {
  return fields.every((field) => field.trim() === '');
}
