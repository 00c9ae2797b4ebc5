import { createReadStream, statSync } from 'node:fs';
import { resolve } from 'node:path';
import {
  canonicalTimeZone,
  isCountryCode,
  parseRecipientsCsvStream,
  type ImportReport,
  type ImportWarning
} from '../../../core/recipients/index.js';
import { onePositional, parseCommandArgs } from '../args.js';
import type { Command } from '../command.js';
import { InputError } from '../io.js';

// A person reads the first rows of each kind and fixes the pattern; --json carries them all.
const ROWS_SHOWN = 50;

export const checkCsv: Command = {
  usage: 'check-csv <file> [--time-zone <IANA>] [--country <ISO 3166>] [--json]',
  summary: 'Check a recipients CSV (at most 100 MiB, 1,000,000 rows): usable rows, duplicates, why each bad row is refused; exit 1 if none is usable.',
  async run(args, io) {
    const { values, positionals } = parseCommandArgs('check-csv', args, {
      'time-zone': { type: 'string' },
      country: { type: 'string' },
      json: { type: 'boolean' }
    });
    const file = onePositional('check-csv', positionals, 'file');
    const timeZone = canonicalTimeZone(values['time-zone'] ?? 'UTC');
    if (timeZone === null) {
      throw new InputError(`check-csv: --time-zone "${values['time-zone']}" is not an IANA time zone name such as America/New_York.`);
    }
    const country = (values.country ?? 'US').toUpperCase();
    if (!isCountryCode(country)) {
      throw new InputError(`check-csv: --country "${values.country}" is not an ISO 3166 country code such as US or GB.`);
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
      throw new InputError(`check-csv: cannot read "${file}": ${describeFsError(error)}.`);
    }
    io.stdout(values.json ? `${JSON.stringify(report, null, 2)}\n` : formatReport(file, report));
    return report.usable > 0 ? 0 : 1;
  }
};

function sizeOf(path: string, file: string): number {
  try {
    const stat = statSync(path);
    if (stat.isDirectory()) throw new InputError(`check-csv: "${file}" is a directory, not a CSV file.`);
    return stat.size;
  } catch (error) {
    if (error instanceof InputError) throw error;
    throw new InputError(`check-csv: cannot read "${file}": ${describeFsError(error)}.`);
  }
}

function describeFsError(error: unknown): string {
  const code = (error as { code?: string }).code;
  if (code === 'ENOENT') return 'no such file';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  return error instanceof Error ? error.message : String(error);
}

function formatReport(file: string, report: ImportReport): string {
  if (report.fileError !== null) {
    return [`${file}: nothing can be imported: ${report.fileError}.`, ...section('Warnings', report.warnings.map(warningLine))].join('\n') + '\n';
  }
  const counts = [
    `${count(report.rows, 'row')}`,
    `${report.usable.toLocaleString('en-US')} usable`,
    `${count(report.duplicates.length, 'duplicate')}`,
    `${report.invalid.length.toLocaleString('en-US')} invalid`
  ];
  return (
    [
      `${file}: ${counts.join(', ')}`,
      ...section('Invalid rows', report.invalid.map((row) => `line ${row.line}: ${row.reason}`)),
      ...section('Duplicates', report.duplicates.map((d) => `line ${d.line}: ${d.phone} is already on line ${d.firstLine}`)),
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

function warningLine(warning: ImportWarning): string {
  if (warning.lines.length === 0) return warning.message;
  const label = warning.lines.length === 1 && warning.count === 1 ? 'line' : 'lines';
  const ellipsis = warning.count > warning.lines.length ? ', …' : '';
  return `${warning.message} (${label} ${warning.lines.join(', ')}${ellipsis})`;
}

function count(n: number, noun: string): string {
  return `${n.toLocaleString('en-US')} ${noun}${n === 1 ? '' : 's'}`;
}
