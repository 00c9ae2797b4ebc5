import { createReadStream, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { isCountryCode, parseRecipientsCsvStream, resolveTimeZone, type ImportReport } from '../../../core/recipients/index.js';
import type { Command } from '../command.js';
import { InputError } from '../errors.js';
import { fileProblem } from '../files.js';
import { duplicateLines, importCounts, invalidLines, warningLine } from '../format/import-report.js';
import { readCommandLine } from '../options.js';

// A person reads the first rows of each kind and fixes the pattern; --json carries them all.
const ROWS_SHOWN = 50;

const line = {
  name: 'check-csv',
  usage: 'check-csv <file> [--time-zone <IANA>] [--country <ISO 3166>] [--json]',
  options: { 'time-zone': { type: 'string' }, country: { type: 'string' }, json: { type: 'boolean' } },
  positionals: ['<file>']
} as const;

export const checkCsv: Command = {
  usage: line.usage,
  summary: 'Check a recipients CSV (at most 100 MiB, 1,000,000 rows): usable rows, duplicates, why each bad row is refused; exit 1 if none is usable.',
  async run(args, io) {
    const { values, positionals } = readCommandLine(args, line);
    const file = positionals[0]!;
    // Without --time-zone there is no campaign: rows without a zone are said to take its zone, unnamed.
    let timeZone: string | null = null;
    if (values['time-zone'] !== undefined) {
      const zone = resolveTimeZone(values['time-zone']);
      if (!zone.ok) throw new InputError('check-csv', `--time-zone ${zone.reason.replace(/^time zone /, '')}`);
      timeZone = zone.timeZone;
    }
    const country = (values.country ?? 'US').toUpperCase();
    if (!isCountryCode(country)) {
      throw new InputError('check-csv', `--country "${values.country}" is not an ISO 3166 country code`, 'give one such as US or GB');
    }
    const path = resolve(io.cwd, file);
    const size = sizeOf(path, file);
    // A generator opens the file only when read, so a file refused for its size is never opened.
    async function* chunks() {
      yield* createReadStream(path) as AsyncIterable<Uint8Array>;
    }
    let report: ImportReport;
    try {
      ({ report } = await parseRecipientsCsvStream(chunks(), { defaultTimeZone: timeZone, defaultCountry: country, sizeBytes: size }));
    } catch (error) {
      throw new InputError(file, fileProblem(path, error));
    }
    io.stdout(values.json ? `${JSON.stringify(report, null, 2)}\n` : formatReport(file, report));
    return report.usable > 0 ? 0 : 1;
  }
};

function sizeOf(path: string, file: string): number {
  try {
    const stat = statSync(path);
    if (stat.isDirectory()) throw new InputError(file, 'is a folder, not a CSV file');
    return stat.size;
  } catch (error) {
    if (error instanceof InputError) throw error;
    throw new InputError(file, fileProblem(path, error));
  }
}

function formatReport(file: string, report: ImportReport): string {
  if (report.fileError !== null) {
    return [`${file}: nothing can be imported: ${report.fileError}.`, ...section('Warnings', report.warnings.map(warningLine))].join('\n') + '\n';
  }
  return (
    [
      `${file}: ${importCounts(report)}`,
      ...section('Invalid rows', invalidLines(report)),
      ...section('Duplicates', duplicateLines(report)),
      ...section('Warnings', report.warnings.map(warningLine))
    ].join('\n') + '\n'
  );
}

function section(title: string, lines: string[]): string[] {
  if (lines.length === 0) return [];
  const shown = lines.slice(0, ROWS_SHOWN).map((line) => `  ${line}`);
  const more = lines.length - shown.length;
  return [`${title}:`, ...shown, ...(more > 0 ? [`  … and ${more.toLocaleString('en-US')} more (--json lists them all)`] : [])];
}
