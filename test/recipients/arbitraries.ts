import fc from 'fast-check';
import type { ImportedRecipient as Recipient } from '../../core/recipients/index.js';

// Pieces real exports are made of, and the ones that break naive readers.
const pieces = [
  'name', 'phone', 'Phone Number', 'tz', 'timezone', 'orderId', 'mobile', '', ' ', 'Ada', 'Zoë', '=SUM(A1)', '@x', "'",
  '+14155550100', '(212) 555-9876', '2125559876', '555-12', '+447400123456', '1.41E+10', 'America/Chicago', 'US/Eastern',
  'Mars/Olympus', 'EST', '+05:00', '"', '""', 'a"b', '\n', '\r\n', '\r', ',', ',', ';', '\t', '|', 'é', '\uFEFF', '€', '😀',
  '\uFFFD', '\u0000', 'PK\u0003\u0004'
];

const noise = fc
  .tuple(fc.boolean(), fc.array(fc.constantFrom(...pieces), { maxLength: 80 }))
  .map(([header, body]) => (header ? 'name,phone,timezone,orderId\n' : '') + body.join(''));

// Rows that mostly parse, so that usable rows, duplicates and invalid ones all turn up.
const field = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom('+12125559876', '(212) 555-9877', '212 555 9878', '+447400123456', '555-12', '') },
  { weight: 2, arbitrary: fc.constantFrom('Ada', 'America/Chicago', 'EST', 'Mars/Olympus', '=1+2', ' x ', 'a,b', 'say "hi"', 'two\nlines') },
  { weight: 1, arbitrary: fc.string({ maxLength: 6 }) }
);
const structured = fc
  .record({
    delimiter: fc.constantFrom(',', ';', '\t'),
    newline: fc.constantFrom('\n', '\r\n', '\r'),
    header: fc.tuple(fc.shuffledSubarray(['name', 'tz', 'orderId', '']), fc.nat()).map(([h, at]) => h.toSpliced(at % (h.length + 1), 0, 'Phone')),
    rows: fc.array(fc.array(fc.tuple(field, fc.boolean()), { minLength: 1, maxLength: 5 }), { maxLength: 12 })
  })
  .map(({ delimiter, newline, header, rows }) =>
    [header.join(delimiter), ...rows.map((row) => row.map(([value, quoted]) => (quoted ? `"${value.replaceAll('"', '""')}"` : value)).join(delimiter))].join(
      newline
    )
  );

/** Text that is nearly a recipients CSV: well-formed rows of messy values, or loose pieces. */
export const csvish = fc.oneof(structured, noise);

/** `text` cut at the given points, as a stream might deliver it. */
export function cut(text: string, points: number[]): string[] {
  const at = [...new Set(points.map((p) => p % (text.length + 1)))].sort((a, b) => a - b);
  const chunks: string[] = [];
  let start = 0;
  for (const point of at) {
    chunks.push(text.slice(start, point));
    start = point;
  }
  chunks.push(text.slice(start));
  return chunks;
}

export function cutBytes(bytes: Uint8Array, points: number[]): Uint8Array[] {
  const at = [...new Set(points.map((p) => p % (bytes.length + 1)))].sort((a, b) => a - b);
  return [...at, bytes.length].map((end, i) => bytes.subarray(i === 0 ? 0 : at[i - 1], end));
}

export async function* streamOf<T>(chunks: T[]): AsyncIterable<T> {
  for (const chunk of chunks) yield chunk;
}

// What the reader makes of a cell: trimmed, line endings as LF; a name's whitespace collapsed.
const cellText = fc.string({ unit: 'grapheme', maxLength: 12 }).map((s) => s.replace(/\r\n?/g, '\n').trim());
const nameText = fc.string({ unit: 'grapheme', maxLength: 12 }).map((s) => s.replace(/\s+/g, ' ').trim());
const formulaName = fc.tuple(fc.constantFrom('=', '+', '-', '@', "'=", "''"), nameText).map(([p, s]) => `${p}${s}`.trim());

/** Recipients as the product holds them after an import: what a written CSV must give back. */
export const importedRecipients = fc
  .record({
    numbers: fc.uniqueArray(fc.integer({ min: 0, max: 9999 }), { maxLength: 12 }),
    keys: fc.uniqueArray(cellText.filter((k) => k !== ''), { maxLength: 3 }),
    seed: fc.array(
      fc.record({
        name: fc.option(fc.oneof(nameText, formulaName).filter((n) => n !== '')),
        timeZone: fc.constantFrom('America/New_York', 'Europe/Paris', 'US/Eastern', 'UTC', 'Asia/Kolkata'),
        values: fc.array(cellText, { minLength: 3, maxLength: 3 })
      }),
      { minLength: 12, maxLength: 12 }
    )
  })
  .map(({ numbers, keys, seed }): Recipient[] =>
    numbers.map((n, row) => ({
      row,
      line: row + 2,
      phone: `+1212555${String(n).padStart(4, '0')}`,
      name: seed[row]!.name,
      timeZone: seed[row]!.timeZone,
      variables: Object.fromEntries(keys.map((key, i) => [key, seed[row]!.values[i]!]))
    }))
  );
