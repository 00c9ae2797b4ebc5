import Papa from 'papaparse';
import { layoutColumns } from './header-columns.js';
import { fileErrors } from './file-errors.js';
import type { QuoteProblem, RecipientsImporter } from './importer.js';

// The delimiter is chosen from the start of the text, the same for a string and for a stream
// however it is cut into chunks.
const PREFIX_CHARS = 64 * 1024;
const DELIMITERS = [',', ';', '\t', '|'];

/**
 * Text → records, pushed chunk by chunk into papaparse's own parser. Line endings are made `\n`
 * first (papaparse takes one newline per file; exports mix CRLF, LF and old Mac CR), and a
 * leading byte-order mark is dropped.
 */
export class CsvRecordReader {
  private atStart = true;
  private carriageReturn = false;
  private prefix: string[] | null = [];
  private prefixLength = 0;
  private parser: Papa.Parser | null = null;
  private partial = '';

  constructor(
    private readonly importer: RecipientsImporter,
    private readonly maxRowChars: number
  ) {}

  push(text: string): void {
    if (this.importer.stopped) return;
    let chunk = this.carriageReturn ? `\r${text}` : text;
    this.carriageReturn = chunk.endsWith('\r');
    if (this.carriageReturn) chunk = chunk.slice(0, -1);
    if (this.atStart) {
      if (chunk === '') return;
      if (chunk.startsWith('\uFEFF')) chunk = chunk.slice(1);
      this.atStart = false;
    }
    if (chunk.includes('\r')) chunk = chunk.replace(/\r\n?/g, '\n');
    if (this.prefix === null) {
      this.feed(chunk, false);
      return;
    }
    this.prefix.push(chunk);
    this.prefixLength += chunk.length;
    if (this.prefixLength >= PREFIX_CHARS) this.begin();
  }

  end(): void {
    if (this.importer.stopped) return;
    const tail = this.carriageReturn ? '\n' : '';
    this.carriageReturn = false;
    if (this.prefix === null) this.feed(tail, false);
    else {
      this.prefix.push(tail);
      this.begin();
    }
    if (!this.importer.stopped) this.feed('', true);
  }

  private begin(): void {
    const text = this.prefix!.join('');
    this.prefix = null;
    if (text.startsWith('PK\u0003\u0004')) this.importer.refuse(fileErrors.workbook('xlsx'));
    if (text.startsWith('\u00D0\u00CF\u0011\u00E0')) this.importer.refuse(fileErrors.workbook('xls'));
    if (this.importer.stopped) return;
    const delimiter = detectDelimiter(text.slice(0, PREFIX_CHARS));
    this.parser = new Papa.Parser({ delimiter, newline: '\n', step: (results: Papa.ParseStepResult<string[]>) => this.step(results) });
    this.feed(text, false);
  }

  private step(results: Papa.ParseStepResult<string[]>): void {
    // The bare Parser hands each record wrapped in an array; only Papa.parse unwraps it.
    const fields = (results.data as unknown as string[][])[0] ?? [];
    const problem: QuoteProblem =
      results.errors.length === 0 ? null : results.errors.some((e) => e.code === 'MissingQuotes') ? 'unclosed' : 'malformed';
    let chars = 0;
    for (const field of fields) chars += field.length;
    if (chars > this.maxRowChars) this.importer.refuse(fileErrors.rowTooLong(this.importer.nextLine, this.maxRowChars));
    if (!this.importer.record(fields, problem)) this.parser!.abort();
  }

  private feed(chunk: string, final: boolean): void {
    const aggregate = this.partial + chunk;
    const result = this.parser!.parse(aggregate, 0, !final) as Papa.ParseResult<string[]>;
    if (this.importer.stopped) return;
    this.partial = final ? '' : aggregate.slice(result.meta.cursor);
    // Without a closing quote the rest of the file is one growing record, re-scanned with every
    // chunk; refusing it here keeps that from turning quadratic.
    if (this.partial.length > this.maxRowChars) {
      this.importer.refuse(fileErrors.rowTooLong(this.importer.nextLine, this.maxRowChars));
    }
  }
}

/**
 * The delimiter under which one of the first lines is a header naming a phone column, else
 * papaparse's guess (the one that splits the first lines most evenly), else a comma.
 */
export function detectDelimiter(prefix: string): string {
  const withHeader = DELIMITERS.filter((delimiter) => {
    const records = Papa.parse<string[]>(prefix, { delimiter, newline: '\n', preview: 6 }).data;
    return records.some((record) => layoutColumns(record) !== null);
  });
  if (withHeader.length === 1) return withHeader[0]!;
  const guess = Papa.parse<string[]>(prefix, { newline: '\n', preview: 10, delimitersToGuess: DELIMITERS }).meta.delimiter;
  if (withHeader.length === 0 || withHeader.includes(guess)) return guess;
  return withHeader[0]!;
}
