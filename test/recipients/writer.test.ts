import fc from 'fast-check';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { parseRecipientsCsv, writeRecipientsCsv, type ImportedRecipient as Recipient } from '../../core/recipients/index.js';
import { csvish, importedRecipients } from './arbitraries.js';
import { campaign } from './support.js';

const withoutLines = (recipients: Recipient[]) => recipients.map(({ line: _line, ...rest }) => rest);

describe('writing recipients back to CSV', () => {
  it('writes the canonical columns first, then the variables, with a BOM for Excel', () => {
    const csv = writeRecipientsCsv([
      { phone: '+12125559876', name: 'Lovelace, Ada', timeZone: 'UTC', variables: { orderId: 'A-1' } }
    ]);
    expect(csv).toBe('\uFEFFphone,name,timezone,orderId\r\n\'+12125559876,"Lovelace, Ada",UTC,A-1\r\n');
  });

  it('reads back the recipients it wrote', () => {
    fc.assert(
      fc.property(importedRecipients, (recipients) => {
        expect(parseRecipientsCsv(writeRecipientsCsv(recipients), campaign).recipients).toEqual(recipients);
      }),
      { numRuns: 300 }
    );
  });

  it('reads back variables whose headers look like the phone, name or time zone columns', () => {
    const recipients: Recipient[] = [
      { row: 0, line: 2, phone: '+12125559876', name: 'Ada', timeZone: 'UTC', variables: { Mobile: '2125550000', Name: 'Lovelace', tz: 'Asia/Tokyo', phone: 'x' } }
    ];
    expect(parseRecipientsCsv(writeRecipientsCsv(recipients), campaign).recipients).toEqual(recipients);
  });

  it('gives back what any import gave, written and read again (lines aside)', () => {
    fc.assert(
      fc.property(csvish, (text) => {
        const first = parseRecipientsCsv(text, campaign).recipients;
        expect(withoutLines(parseRecipientsCsv(writeRecipientsCsv(first), campaign).recipients)).toEqual(withoutLines(first));
      }),
      { numRuns: 300 }
    );
  });

  it('neutralises every cell a spreadsheet would run as a formula', () => {
    fc.assert(
      fc.property(importedRecipients, (recipients) => {
        const [, ...rows] = Papa.parse<string[]>(writeRecipientsCsv(recipients).slice(1), { newline: '\r\n' }).data;
        for (const cell of rows.flat()) expect(cell).not.toMatch(/^[=+\-@\t\r]/);
      }),
      { numRuns: 200 }
    );
  });

  it('writes "=HYPERLINK(…)" as text a spreadsheet shows and does not run', () => {
    const csv = writeRecipientsCsv([{ phone: '+12125559876', name: '=HYPERLINK("http://evil")', timeZone: 'UTC', variables: {} }]);
    expect(csv).toContain(`"'=HYPERLINK(""http://evil"")"`);
    expect(parseRecipientsCsv(csv, campaign).recipients[0]?.name).toBe('=HYPERLINK("http://evil")');
  });
});
