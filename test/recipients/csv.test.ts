import { describe, expect, it } from 'vitest';
import { parseRecipientsCsv } from '../../core/recipients/index.js';
import { campaign, importLines } from './support.js';

describe('reading a recipients CSV', () => {
  it('normalises phones, resolves zones and keeps every other column as a variable', () => {
    const { recipients, report } = importLines(
      'name,phone,timezone,orderId,store',
      'Ada,(212) 555-9876,America/Los_Angeles,A-1,Soho',
      'Bob,+44 7400 123456,,B-2,'
    );
    expect(recipients).toEqual([
      { row: 0, line: 2, phone: '+12125559876', name: 'Ada', timeZone: 'America/Los_Angeles', variables: { orderId: 'A-1', store: 'Soho' } },
      { row: 1, line: 3, phone: '+447400123456', name: 'Bob', timeZone: 'America/New_York', variables: { orderId: 'B-2', store: '' } }
    ]);
    expect(report).toMatchObject({ rows: 2, usable: 2, duplicates: [], invalid: [], fileError: null });
    expect(report.columns).toEqual({ phone: 'phone', name: 'name', timeZone: 'timezone', variables: ['orderId', 'store'] });
  });

  it('matches headers case-insensitively, with spaces, underscores and the usual aliases', () => {
    const { report, recipients } = importLines(' Customer_Name ,PHONE NUMBER,Time Zone', 'Ada,2125559876,Europe/Paris');
    expect(report.columns).toEqual({ phone: 'PHONE NUMBER', name: 'Customer_Name', timeZone: 'Time Zone', variables: [] });
    expect(recipients[0]).toMatchObject({ name: 'Ada', phone: '+12125559876', timeZone: 'Europe/Paris' });
    expect(importLines('customerName,mobile,tz', 'Ada,2125559876,UTC').report.columns?.phone).toBe('mobile');
    expect(importLines('cell,name', '2125559876,Ada').recipients[0]?.name).toBe('Ada');
  });

  it('numbers lines as a spreadsheet does: header 1, blank lines counted, quoted newlines not', () => {
    const { recipients, report } = importLines(
      'name,phone,note',
      '',
      '"Ada\nLovelace",2125559876,"two',
      'lines"',
      '   ',
      'Bob,555-12,'
    );
    expect(recipients[0]).toMatchObject({ line: 3, name: 'Ada Lovelace', variables: { note: 'two\nlines' } });
    expect(report.invalid).toEqual([{ line: 5, reason: 'phone "555-12" is not a valid number for US (too short)' }]);
    expect(report.rows).toBe(2);
  });

  it('keeps the first row of a repeated phone and reports the later ones as duplicates', () => {
    const { recipients, report } = importLines('name,phone', 'Ada,+12125559876', 'Bob,(212) 555-9876', 'Cy,212.555.9876');
    expect(recipients.map((r) => r.name)).toEqual(['Ada']);
    expect(report.duplicates).toEqual([
      { line: 3, phone: '+12125559876', firstLine: 2 },
      { line: 4, phone: '+12125559876', firstLine: 2 }
    ]);
  });

  it('lets a usable row win over an earlier unusable one with the same phone', () => {
    const { recipients, report } = importLines('phone,timezone', '2125559876,Mars/Olympus', '2125559876,UTC');
    expect(recipients).toMatchObject([{ line: 3, timeZone: 'UTC' }]);
    expect(report.duplicates).toEqual([]);
    expect(report.invalid).toEqual([{ line: 2, reason: 'time zone "Mars/Olympus" is not an IANA time zone name such as America/New_York' }]);
  });

  it('gives every reason a row has, in one sentence', () => {
    const { report } = importLines('phone,tz', 'call me,PST');
    expect(report.invalid).toEqual([
      {
        line: 2,
        reason: 'phone "call me" is not a valid number for US (not a number); time zone "PST" is not an IANA time zone name (did you mean America/Los_Angeles?)'
      }
    ]);
  });

  it('fills a missing time zone with the campaign zone and says so once for all rows', () => {
    const { recipients, report } = importLines('phone,timezone', '2125559876,', '2125559877,', '2125559878,Asia/Tokyo');
    expect(recipients.map((r) => r.timeZone)).toEqual(['America/New_York', 'America/New_York', 'Asia/Tokyo']);
    expect(report.warnings).toEqual([
      {
        code: 'default_time_zone',
        message: "2 rows have no time zone and will use the campaign's zone, America/New_York",
        count: 2,
        lines: [2, 3]
      }
    ]);
  });

  it('detects semicolon, tab and pipe delimiters', () => {
    for (const delimiter of [';', '\t', '|']) {
      const { recipients } = parseRecipientsCsv(['name', 'phone', 'amount'].join(delimiter) + `\nAda${delimiter}2125559876${delimiter}12,50\n`, campaign);
      expect(recipients[0]).toMatchObject({ name: 'Ada', phone: '+12125559876', variables: { amount: '12,50' } });
    }
  });

  it('reads CRLF, old Mac CR and mixed line endings alike, and drops a byte-order mark', () => {
    const lf = parseRecipientsCsv('name,phone\nAda,2125559876\nBob,2125559877\n', campaign);
    for (const text of ['\uFEFFname,phone\r\nAda,2125559876\r\nBob,2125559877\r\n', 'name,phone\rAda,2125559876\rBob,2125559877', 'name,phone\r\nAda,2125559876\nBob,2125559877\r']) {
      expect(parseRecipientsCsv(text, campaign)).toEqual(lf);
    }
  });

  it('ignores values beyond the header, warns about them and about short rows', () => {
    const { recipients, report } = importLines('name,phone,', 'Ada,2125559876,,', 'Bob,2125559877,oops', 'Cy');
    expect(recipients.map((r) => r.name)).toEqual(['Ada', 'Bob']);
    expect(report.invalid).toEqual([{ line: 4, reason: 'no phone number' }]);
    expect(report.warnings.map((w) => [w.code, w.lines])).toEqual([
      ['default_time_zone', [2, 3]],
      ['missing_fields', [4]],
      ['extra_fields', [3]]
    ]);
  });

  it('skips a title above the header, and says so', () => {
    const { recipients, report } = importLines('Customer export;November', '', 'name,phone', 'Ada,2125559876');
    expect(recipients).toMatchObject([{ line: 4, name: 'Ada' }]);
    expect(report.warnings[0]).toMatchObject({ code: 'lines_before_header', message: '1 line before the header on line 3 was ignored' });
  });

  it('keeps formula-like names as text and warns', () => {
    const { recipients, report } = importLines('name,phone', '=HYPERLINK("http://x"),2125559876', "'@SUM(A1),2125559877");
    expect(recipients.map((r) => r.name)).toEqual(['=HYPERLINK("http://x")', '@SUM(A1)']);
    expect(report.warnings.find((w) => w.code === 'formula_prefix')).toMatchObject({ count: 2, lines: [2, 3] });
  });

  it('warns when two columns could hold the phone, and uses the exact "phone" first', () => {
    const { report, recipients } = importLines('Mobile,Phone', '2125559876,2125550000');
    expect(report.columns).toMatchObject({ phone: 'Phone', variables: ['Mobile'] });
    expect(recipients[0]?.variables).toEqual({ Mobile: '2125559876' });
    expect(report.warnings[0]?.message).toBe('"Mobile" could also be the phone column; "Phone" was used and the others are template variables');
  });

  it('refuses a file it cannot read at all, with a sentence saying what to do', () => {
    expect(importLines('').report.fileError).toBe('the file is empty');
    expect(importLines('name,phone').report.fileError).toBe('the file has a header (line 1) but no recipient rows');
    expect(importLines('Name,Email', 'Ada,ada@example.com').report.fileError).toBe(
      'no column holds phone numbers: line 1 has "Name", "Email"; name that column "phone" (or mobile, cell, phoneNumber)'
    );
    expect(importLines('+12125559876', '+12125559877').report.fileError).toBe(
      'line 1 looks like a recipient, not a header: add a first line naming the columns, such as name,phone,timezone'
    );
    expect(importLines('name,phone', '"Ada,2125559876', 'Bob,2125559877').report).toEqual({
      rows: 0,
      usable: 0,
      duplicates: [],
      invalid: [],
      warnings: [],
      fileError: 'line 2: a quote (") opened on this line is never closed, so the rest of the file cannot be read; close the quote and upload again',
      columns: { phone: 'phone', name: 'name', timeZone: null, variables: [] }
    });
  });

  it('throws for a default zone the caller should have checked', () => {
    expect(() => parseRecipientsCsv('phone\n2125559876', { defaultTimeZone: 'Mars/Olympus' })).toThrow(RangeError);
  });

  it('keeps a column headed __proto__ as a variable like any other', () => {
    const { recipients } = importLines('phone,__proto__', '2125559876,x');
    expect(Object.hasOwn(recipients[0]!.variables, '__proto__')).toBe(true);
    expect(recipients[0]!.variables['__proto__']).toBe('x');
  });
});

describe('a header that ends in delimiters', () => {
  it('does not count rows without those empty columns as short', () => {
    const { report } = importLines('name,phone,,', 'Ada,2125559876');
    expect(report.warnings.map((w) => w.code)).toEqual(['default_time_zone']);
  });
});
