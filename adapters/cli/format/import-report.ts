import type { ImportReport, ImportWarning } from '../../../core/index.js';

/** `6 rows, 4 usable, 1 duplicate, 1 invalid`: the same counts in check-csv and project. */
export function importCounts(report: ImportReport): string {
  return [
    count(report.rows, 'row'),
    `${report.usable.toLocaleString('en-US')} usable`,
    count(report.duplicates.length, 'duplicate'),
    `${report.invalid.length.toLocaleString('en-US')} invalid`
  ].join(', ');
}

/** Each row left out, by its spreadsheet line. */
export function invalidLines(report: ImportReport): string[] {
  return report.invalid.map((row) => `line ${row.line}: ${row.reason}`);
}

export function duplicateLines(report: ImportReport): string[] {
  return report.duplicates.map((d) => `line ${d.line}: ${d.phone} is already on line ${d.firstLine}`);
}

export function warningLine(warning: ImportWarning): string {
  if (warning.lines.length === 0) return warning.message;
  const label = warning.lines.length === 1 && warning.count === 1 ? 'line' : 'lines';
  const ellipsis = warning.count > warning.lines.length ? ', …' : '';
  return `${warning.message} (${label} ${warning.lines.join(', ')}${ellipsis})`;
}

export function count(n: number, noun: string): string {
  return `${n.toLocaleString('en-US')} ${noun}${n === 1 ? '' : 's'}`;
}
