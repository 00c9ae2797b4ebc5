import { formatMiB } from './limits.js';
import { quote } from './quote.js';

/** Why a whole file is refused, one sentence each, saying what to do about it. */
export const fileErrors = {
  empty: () => 'the file is empty',
  headerOnly: (headerLine: number) => `the file has a header (line ${headerLine}) but no recipient rows`,
  noPhoneColumn: (line: number, cells: readonly string[]) => {
    const shown = cells.filter((cell) => cell.trim() !== '').slice(0, 8).map((cell) => quote(cell.trim(), 30));
    return `no column holds phone numbers: line ${line} has ${shown.join(', ')}; name that column "phone" (or mobile, cell, phoneNumber)`;
  },
  noHeader: (line: number) =>
    `line ${line} looks like a recipient, not a header: add a first line naming the columns, such as name,phone,timezone`,
  tooManyRows: (maxRows: number) =>
    `the file has more than ${maxRows.toLocaleString('en-US')} rows, the most one list may hold; split it into smaller lists`,
  tooLarge: (maxBytes: number, sizeBytes: number | null) =>
    `the file is ${sizeBytes === null ? 'larger than' : `${formatMiB(sizeBytes)}, more than`} ${formatMiB(maxBytes)}, the most one list may take; split it into smaller lists`,
  unclosedQuote: (line: number) =>
    `line ${line}: a quote (") opened on this line is never closed, so the rest of the file cannot be read; close the quote and upload again`,
  rowTooLong: (line: number, maxChars: number) =>
    `line ${line}: the row is longer than ${formatMiB(maxChars)}, which happens when a quote (") is never closed; close the quote and upload again`,
  workbook: (kind: 'xlsx' | 'xls') =>
    `this is an Excel workbook (.${kind}), not a CSV file; in Excel use File › Save As › "CSV UTF-8" and upload that`
};
