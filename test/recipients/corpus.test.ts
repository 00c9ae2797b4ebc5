import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseRecipientsCsvBytes } from '../../core/recipients/index.js';
import { campaign } from './support.js';

// Each messy file beside its expected report, read as `check-csv --json --time-zone
// America/New_York --country US` reads it. An expected report is written by hand-checking the
// output once; a change that alters one must say why in its commit.
const folder = join(import.meta.dirname, '../fixtures/csv');
const fixtures = readdirSync(folder).filter((f) => f.endsWith('.csv')).sort();

describe('the messy CSV corpus', () => {
  it('has a fixture for every case the issue lists', () => {
    expect(fixtures.length).toBeGreaterThanOrEqual(25);
  });

  it.each(fixtures)('%s gives its expected report', (file) => {
    const { recipients, report } = parseRecipientsCsvBytes(readFileSync(join(folder, file)), campaign);
    const expected = JSON.parse(readFileSync(join(folder, file.replace(/\.csv$/, '.expected.json')), 'utf8'));
    expect(report).toEqual(expected.report);
    expect(recipients).toEqual(expected.recipients);
  });
});
