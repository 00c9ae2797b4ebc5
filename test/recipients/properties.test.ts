import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  parseRecipientsCsv,
  parseRecipientsCsvBytes,
  parseRecipientsCsvStream,
  type RecipientsImport
} from '../../core/recipients/index.js';
import { csvish, cut, cutBytes, streamOf } from './arbitraries.js';
import { campaign } from './support.js';

function expectConsistent({ recipients, report }: RecipientsImport): void {
  expect(report.usable + report.duplicates.length + report.invalid.length).toBe(report.rows);
  expect(recipients.length).toBe(report.usable);
  expect(recipients.map((r) => r.row)).toEqual(recipients.map((_, i) => i));
  expect(new Set(recipients.map((r) => r.phone)).size).toBe(recipients.length);
  const lines = [...recipients.map((r) => r.line), ...report.duplicates.map((d) => d.line), ...report.invalid.map((i) => i.line)];
  expect(new Set(lines).size).toBe(lines.length);
  expect(lines.every((line) => line >= 2)).toBe(true);
  if (report.fileError !== null) expect(report.rows).toBe(0);
}

describe('any input', () => {
  it('never throws on arbitrary text, and every row is usable, a duplicate or invalid', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: 'binary' }), csvish), (text) => {
        expectConsistent(parseRecipientsCsv(text, campaign));
      }),
      { numRuns: 400 }
    );
  });

  it('never throws on arbitrary bytes', () => {
    fc.assert(
      fc.property(fc.oneof(fc.uint8Array({ maxLength: 300 }), csvish.map((t) => new TextEncoder().encode(t))), (bytes) => {
        expectConsistent(parseRecipientsCsvBytes(bytes, campaign));
      }),
      { numRuns: 300 }
    );
  });

  it('reads a stream the same however it is cut into chunks, as text or as bytes', async () => {
    await fc.assert(
      fc.asyncProperty(csvish, fc.array(fc.nat(), { maxLength: 8 }), async (text, points) => {
        const whole = parseRecipientsCsv(text, campaign);
        expect(await parseRecipientsCsvStream(streamOf(cut(text, points)), campaign)).toEqual(whole);
        const bytes = new TextEncoder().encode(text);
        const fromBytes = parseRecipientsCsvBytes(bytes, campaign);
        expect(await parseRecipientsCsvStream(streamOf(cutBytes(bytes, points)), campaign)).toEqual(fromBytes);
      }),
      { numRuns: 300 }
    );
  });
});
