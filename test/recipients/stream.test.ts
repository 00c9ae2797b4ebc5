import { describe, expect, it } from 'vitest';
import {
  DEFAULT_LIMITS,
  parseRecipientsCsv,
  parseRecipientsCsvBytes,
  parseRecipientsCsvStream
} from '../../core/recipients/index.js';
import { streamOf } from './arbitraries.js';
import { campaign } from './support.js';

const MiB = 1024 * 1024;

/** `count` rows of recipients, in chunks of about 1 MiB, made as they are read. */
async function* rows(count: number, header = 'name,phone,note\n'): AsyncIterable<Uint8Array> {
  const encoder = new TextEncoder();
  yield encoder.encode(header);
  // Long rows: the 100 MiB limit is reached in a few tens of thousands of them.
  const note = 'x'.repeat(2000);
  let chunk = '';
  for (let i = 0; i < count; i += 1) {
    chunk += `Person ${i},+1212555${String(i % 10000).padStart(4, '0')},${note}\n`;
    if (chunk.length >= MiB) {
      yield encoder.encode(chunk);
      chunk = '';
    }
  }
  yield encoder.encode(chunk);
}

describe('big files and streams', () => {
  it('documents its limits: 100 MiB and a million rows', () => {
    expect(DEFAULT_LIMITS).toEqual({ maxBytes: 100 * MiB, maxRows: 1_000_000, maxRowChars: MiB });
  });

  it('refuses a 200 MB stream once it passes 100 MiB, without holding the file in memory', async () => {
    const before = process.memoryUsage().heapUsed;
    let read = 0;
    async function* counted() {
      for await (const chunk of rows(100_000)) {
        read += chunk.length;
        yield chunk;
      }
    }
    const { recipients, report } = await parseRecipientsCsvStream(counted(), campaign);
    expect(report.fileError).toBe('the file is larger than 100 MiB, the most one list may take; split it into smaller lists');
    expect(recipients).toEqual([]);
    expect(read).toBeLessThan(101 * MiB);
    // Recipients of the first 100 MiB come and go; the bytes never pile up beside them.
    expect(process.memoryUsage().heapUsed - before).toBeLessThan(400 * MiB);
  }, 60_000);

  it('refuses a file known to be too large without reading it', async () => {
    let opened = false;
    async function* never() {
      opened = true;
      yield new Uint8Array(0);
    }
    const { report } = await parseRecipientsCsvStream(never(), { ...campaign, sizeBytes: 200 * 1000 * 1000 });
    expect(report.fileError).toBe('the file is 190.7 MiB, more than 100 MiB, the most one list may take; split it into smaller lists');
    expect(opened).toBe(false);
  });

  it('refuses more rows than the limit, counting only rows after the header', async () => {
    const limits = { maxRows: 3 };
    expect((await parseRecipientsCsvStream(rows(3), { ...campaign, limits })).report.usable).toBe(3);
    expect((await parseRecipientsCsvStream(rows(4), { ...campaign, limits })).report.fileError).toBe(
      'the file has more than 3 rows, the most one list may hold; split it into smaller lists'
    );
  });

  it('refuses a string over the size limit before parsing it', () => {
    const { report } = parseRecipientsCsv('phone\n2125559876\n', { ...campaign, limits: { maxBytes: 10 } });
    expect(report.fileError).toBe('the file is larger than 0 MiB, the most one list may take; split it into smaller lists');
  });

  it('stops at a quote never closed instead of re-reading an ever longer row', async () => {
    async function* unclosed() {
      yield new TextEncoder().encode('name,phone\n"Ada,2125559876\n');
      for (let i = 0; i < 50; i += 1) yield new TextEncoder().encode('y'.repeat(64 * 1024));
    }
    const { report } = await parseRecipientsCsvStream(unclosed(), { ...campaign, limits: { maxRowChars: 1024 * 1024 } });
    expect(report.fileError).toBe(
      'line 2: the row is longer than 1 MiB, which happens when a quote (") is never closed; close the quote and upload again'
    );
  });

  it('reads a Web ReadableStream, as a browser File gives', async () => {
    const file = new Blob(['name,phone\nAda,2125559876\n']);
    const { recipients } = await parseRecipientsCsvStream(file.stream(), campaign);
    expect(recipients).toMatchObject([{ name: 'Ada', phone: '+12125559876' }]);
  });
});

describe('encodings', () => {
  const latin1 = (text: string) => Uint8Array.from([...text].map((c) => c.charCodeAt(0)));

  it('reads a Windows-1252 export as such, and says so', () => {
    const { recipients, report } = parseRecipientsCsvBytes(latin1('name,phone\nJosé Müller,2125559876\n'), campaign);
    expect(recipients[0]?.name).toBe('José Müller');
    expect(report.warnings[0]).toEqual({
      code: 'not_utf8',
      message: 'the file is not UTF-8; it was read as Windows-1252 (Western European)',
      count: 1,
      lines: []
    });
  });

  it('reads UTF-16 with a byte-order mark (Excel "Unicode text", tab-separated)', () => {
    const text = '\uFEFFname\tphone\nZoë\t2125559876\n';
    const bytes = new Uint8Array(text.length * 2);
    for (let i = 0; i < text.length; i += 1) new DataView(bytes.buffer).setUint16(i * 2, text.charCodeAt(i), true);
    expect(parseRecipientsCsvBytes(bytes, campaign).recipients[0]?.name).toBe('Zoë');
  });

  it('marks bytes that are not UTF-8 after a UTF-8 start, row by row', () => {
    const start = new TextEncoder().encode(`name,phone\nZoë,2125559876\n${'Ann,2125550000\n'.repeat(5000)}`);
    const bad = Uint8Array.from([...new TextEncoder().encode('Jos'), 0xe9, ...new TextEncoder().encode(',2125559877\n')]);
    const bytes = new Uint8Array([...start, ...bad]);
    const { report } = parseRecipientsCsvBytes(bytes, campaign);
    expect(report.warnings.find((w) => w.code === 'replacement_characters')).toMatchObject({ count: 1, lines: [5003] });
  });

  it('recognises an Excel workbook renamed .csv', () => {
    const xlsx = Uint8Array.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00]);
    expect(parseRecipientsCsvBytes(xlsx, campaign).report.fileError).toBe(
      'this is an Excel workbook (.xlsx), not a CSV file; in Excel use File › Save As › "CSV UTF-8" and upload that'
    );
  });
});
