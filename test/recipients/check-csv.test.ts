import { mkdtempSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../adapters/cli/main.js';

const fixtures = join(import.meta.dirname, '../fixtures/csv');

async function run(...args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const io = { stdout: (t: string) => out.push(t), stderr: (t: string) => err.push(t), cwd: fixtures, isTTY: false };
  const code = await main(['check-csv', ...args], io);
  return { code, out: out.join(''), err: err.join('') };
}

describe('proactive-sms check-csv', () => {
  it('prints a report a person can act on, and exits 0 when some row is usable', async () => {
    expect(await run('bad-phones.csv', '--time-zone', 'America/Chicago')).toEqual({
      code: 0,
      err: '',
      out: [
        'bad-phones.csv: 9 rows, 2 usable, 0 duplicates, 7 invalid',
        'Invalid rows:',
        '  line 2: phone "555-12" is not a valid number for US (too short)',
        '  line 3: phone "call me" is not a valid number for US (not a number)',
        '  line 4: no phone number',
        '  line 5: phone "+44 20 7946 0958" is a landline in GB and cannot receive SMS',
        '  line 6: phone "1-800-555-0199" is a toll-free number in US and cannot receive SMS',
        '  line 7: phone "1.41556E+10" was rounded by a spreadsheet into scientific notation; format the phone column as text and export again',
        '  line 8: phone "06 12 34 56 78" is not a valid number for US',
        'Warnings:',
        "  2 rows have no time zone and will use the campaign's zone, America/Chicago (lines 9, 10)",
        '  1 phone was read as international because it is not valid in US without a leading +; check it (line 9)',
        ''
      ].join('\n')
    });
  });

  it('lists duplicates with the line they repeat', async () => {
    const { out } = await run('duplicates.csv');
    expect(out).toContain('Duplicates:\n  line 3: +12125559876 is already on line 2\n');
  });

  it('prints the JSON contract with --json', async () => {
    const { code, out } = await run('time-zones.csv', '--json');
    expect(code).toBe(0);
    const report = JSON.parse(out);
    expect(Object.keys(report)).toEqual(['rows', 'usable', 'duplicates', 'invalid', 'warnings', 'fileError', 'columns']);
    expect(report).toMatchObject({ rows: 8, usable: 4, duplicates: [], fileError: null });
    expect(report.invalid[0]).toEqual({ line: 4, reason: 'time zone "Mars/Olympus" is not an IANA time zone name such as America/New_York' });
  });

  it('reads national numbers with --country', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'check-csv-'));
    writeFileSync(join(dir, 'fr.csv'), 'name,phone\nAmélie,06 12 34 56 78\n');
    expect((await run(join(dir, 'fr.csv'), '--country', 'fr', '--json')).out).toContain('"usable": 1');
  });

  it('exits 1 when no row is usable, and when the file cannot be imported', async () => {
    expect((await run('all-invalid.csv')).code).toBe(1);
    expect(await run('no-phone-column.csv')).toEqual({
      code: 1,
      err: '',
      out: 'no-phone-column.csv: nothing can be imported: no column holds phone numbers: line 1 has "Name", "Email", "Company"; name that column "phone" (or mobile, cell, phoneNumber).\n'
    });
  });

  it('refuses a 200 MB file at once, from its size', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'check-csv-'));
    const big = join(dir, 'big.csv');
    writeFileSync(big, '');
    truncateSync(big, 200 * 1000 * 1000);
    const started = performance.now();
    const { code, out } = await run(big);
    expect(code).toBe(1);
    expect(out).toContain('the file is 190.7 MiB, more than 100 MiB, the most one list may take; split it into smaller lists');
    expect(performance.now() - started).toBeLessThan(2000);
  });

  it('says what is wrong with the command line in one sentence, exit code 2', async () => {
    expect(await run('missing.csv')).toEqual({ code: 2, out: '', err: 'missing.csv: no such file; check the path.\n' });
    expect((await run('clean.csv', '--time-zone', 'Mars/Olympus')).err).toBe(
      'check-csv: --time-zone "Mars/Olympus" is not an IANA time zone name such as America/New_York.\n'
    );
    expect((await run('clean.csv', '--country', 'XX')).err).toBe('check-csv: --country "XX" is not an ISO 3166 country code; give one such as US or GB.\n');
    expect((await run()).err).toBe(
      'check-csv: the <file> argument is missing; write proactive-sms check-csv <file> [--time-zone <IANA>] [--country <ISO 3166>] [--json].\n'
    );
    expect((await run('.')).err).toBe('.: is a folder, not a CSV file.\n');
  });

  it('gives every fixture of the corpus a report without crashing', async () => {
    const { readdirSync } = await import('node:fs');
    for (const file of readdirSync(fixtures).filter((f) => f.endsWith('.csv'))) {
      const { code, err } = await run(file);
      expect([0, 1]).toContain(code);
      expect(err).toBe('');
    }
  });
});
