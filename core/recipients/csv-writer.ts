import Papa from 'papaparse';
import { neutraliseCell } from './formula.js';
import type { Recipient } from './types.js';

/**
 * Recipients → a CSV that `parseRecipientsCsv` reads back to the same recipients (lines aside)
 * and that no spreadsheet runs as formulas. The canonical headers come first so that they win
 * over a variable column that happens to be called "Mobile" or "Name". A byte-order mark makes
 * Excel read it as UTF-8.
 */
export function writeRecipientsCsv(recipients: readonly Recipient[]): string {
  const variables: string[] = [];
  const known = new Set<string>();
  for (const recipient of recipients) {
    for (const header of Object.keys(recipient.variables)) {
      if (!known.has(header)) {
        known.add(header);
        variables.push(header);
      }
    }
  }
  const rows = recipients.map((r) => [
    r.phone,
    r.name ?? '',
    r.timeZone,
    ...variables.map((header) => (Object.hasOwn(r.variables, header) ? r.variables[header]! : ''))
  ]);
  const fields = ['phone', 'name', 'timezone', ...variables].map(neutraliseCell);
  const data = rows.map((row) => row.map(neutraliseCell));
  return `\uFEFF${Papa.unparse({ fields, data }, { newline: '\r\n' })}\r\n`;
}
