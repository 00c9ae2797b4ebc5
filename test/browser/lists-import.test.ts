import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page, Worker } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ImportReport } from '../../core/recipients/index.js';
import { startBuiltApp, type BuiltApp } from './built-app.js';
import { launchChromium } from './chromium.js';
import { importPage } from './import-page.js';

// The recipient import page of the built app, in Chromium: the messy corpus read in a Web Worker
// shows the same report as check-csv, a large file streams with a progress bar and can be
// cancelled, and a template is checked and priced in segments against the list.

const corpus = path.join(import.meta.dirname, '../fixtures/csv');
const corpusFiles = fs.readdirSync(corpus).filter((f) => f.endsWith('.csv')).sort();

let browser: Browser | undefined;
let noBrowser: unknown = null;
let app: BuiltApp;
let scratch: string;
let largeCsv: string;
let page: Page;
let workers: Worker[];

beforeAll(async () => {
  // Chromium first, so that without it nothing is built. Its error is thrown by each test's
  // beforeEach: thrown here, vitest would only mark the tests skipped.
  try {
    browser = await launchChromium();
  } catch (error) {
    noBrowser = error;
    return;
  }
  scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'proactive-sms-lists-'));
  largeCsv = writeLargeCsv(path.join(scratch, 'large.csv'), 250_000);
  app = await startBuiltApp({ DATABASE_PATH: path.join(scratch, 'app.db') });
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await app?.close();
  if (scratch) fs.rmSync(scratch, { recursive: true, force: true });
});

beforeEach(async () => {
  if (browser === undefined) throw noBrowser;
  page = await browser.newPage();
  workers = [];
  page.on('worker', (worker) => workers.push(worker));
  await importPage.open(page, app.origin);
});

afterEach(async () => {
  await page?.close();
});

describe('the messy CSV corpus, uploaded', () => {
  it('is reachable from the home page', async () => {
    await page.goto(app.origin);
    await page.getByRole('link', { name: 'Import a recipient list' }).click();
    await page.getByRole('heading', { name: 'Import a recipient list' }).waitFor();
  });

  it('opens the home page with nothing failing in the console (no /favicon.ico 404)', async () => {
    const failures: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') failures.push(message.text());
    });
    page.on('requestfailed', (request) => failures.push(request.url()));
    await page.goto(app.origin);
    await page.getByRole('link', { name: 'Import a recipient list' }).waitFor();
    await page.waitForLoadState('networkidle');
    expect(failures).toEqual([]);
  });

  it('answers an unknown address with a page that names it, not "Not found" twice', async () => {
    await page.goto(`${app.origin}/no-such-page`);
    await page.getByRole('heading', { name: 'Not found' }).waitFor();
    expect(await page.getByRole('alert').textContent()).toContain('There is no page at /no-such-page.');
  });

  it('shows each file’s expected counts, invalid lines and duplicates, or why the file is refused', async () => {
    for (const file of corpusFiles) {
      const expected = JSON.parse(fs.readFileSync(path.join(corpus, file.replace(/\.csv$/, '.expected.json')), 'utf8')).report as ImportReport;
      await importPage.upload(page, path.join(corpus, file));
      const counts = await importPage.report(page, file);
      if (expected.fileError !== null) {
        await expect.soft(page.getByRole('alert').textContent(), file).resolves.toContain(expected.fileError);
        expect.soft(counts, file).toEqual({});
        expect.soft(await importPage.status(page), file).toBe(`Nothing in ${file} can be imported; the report below says why.`);
        if (file === 'no-phone-column.csv') await importPage.screenshot(page, 'lists-import-refused');
        continue;
      }
      expect.soft(counts, file).toEqual({
        Rows: expected.rows,
        Usable: expected.usable,
        Duplicates: expected.duplicates.length,
        Invalid: expected.invalid.length,
        Warnings: expected.warnings.length
      });
      expect.soft(await importPage.rows(page, 'invalid-rows'), file).toEqual(expected.invalid.map((row) => [String(row.line), row.reason]));
      expect.soft(await importPage.rows(page, 'duplicate-rows'), file).toEqual(
        expected.duplicates.map((row) => [String(row.line), row.phone, String(row.firstLine)])
      );
      for (const warning of expected.warnings) {
        await expect.soft(page.getByText(warning.message).count(), `${file}: ${warning.message}`).resolves.toBe(1);
      }
      if (file === 'bad-phones.csv') await importPage.screenshot(page, 'lists-import-invalid-rows');
    }
    // One worker per file, each started from the worker script, none on the page's thread.
    expect(workers.length).toBe(corpusFiles.length);
    expect(workers.every((worker) => /recipients\.worker/.test(worker.url()))).toBe(true);
  });

  it('takes a file dropped on the drop zone', async () => {
    const csv = fs.readFileSync(path.join(corpus, 'duplicates.csv'), 'utf8');
    const dataTransfer = await page.evaluateHandle((text) => {
      const transfer = new DataTransfer();
      transfer.items.add(new File([text], 'dropped.csv', { type: 'text/csv' }));
      return transfer;
    }, csv);
    await page.getByRole('group', { name: 'Drop zone for the CSV file' }).dispatchEvent('drop', { dataTransfer });
    expect(await importPage.report(page, 'dropped.csv')).toMatchObject({ Rows: 5, Usable: 2, Duplicates: 3 });
    expect(await importPage.rows(page, 'duplicate-rows')).toEqual([
      ['3', '+12125559876', '2'],
      ['5', '+12125559876', '2'],
      ['6', '+12125559877', '4']
    ]);
  });

  it('refuses a default country or time zone it does not know, naming the field, and reads nothing', async () => {
    await page.getByLabel('Default country (ISO 3166 code)').fill('XX');
    await page.getByLabel('Campaign time zone (IANA)').fill('EST5');
    await importPage.upload(page, path.join(corpus, 'clean.csv'));
    await page.getByText('Default country: "XX" is not an ISO 3166 country code such as US or GB.').first().waitFor();
    expect(await importPage.status(page)).toContain('The list was not read');
    expect(await importPage.status(page)).toContain('Time zone: time zone "EST5" is not an IANA time zone name');
    await expect(page.getByLabel('Default country (ISO 3166 code)').getAttribute('aria-invalid')).resolves.toBe('true');

    await page.getByLabel('Default country (ISO 3166 code)').fill('gb');
    await page.getByLabel('Campaign time zone (IANA)').fill('europe/london');
    await page.getByRole('button', { name: 'Read the list again' }).click();
    expect(await importPage.report(page, 'clean.csv')).toMatchObject({ Invalid: 0 });
    await page.getByText('read with default country GB and time zone Europe/London').waitFor();
  });
});

describe('a large file, read in a Web Worker', () => {
  it('streams with a progress bar while the page stays responsive, then reports every row', async () => {
    await importPage.upload(page, largeCsv);
    const progress = page.getByRole('progressbar', { name: 'Part of the file read' });
    await page.waitForFunction(() => {
      const bar = document.querySelector<HTMLProgressElement>('#reading-progress');
      return bar !== null && bar.value > 0 && bar.value < bar.max;
    });
    await expect(progress.isVisible()).resolves.toBe(true);
    // Timers on the page's thread fire on time while the worker parses: nothing blocks it.
    const worstTimerDelayMs = await page.evaluate(async () => {
      let worst = 0;
      let last = performance.now();
      for (let i = 0; i < 20; i += 1) {
        await new Promise((resolve) => setTimeout(resolve, 10));
        const now = performance.now();
        worst = Math.max(worst, now - last);
        last = now;
      }
      return worst;
    });
    expect(worstTimerDelayMs).toBeLessThan(500);
    expect(await importPage.report(page, 'large.csv')).toEqual({ Rows: 250_000, Usable: 249_750, Duplicates: 0, Invalid: 250, Warnings: 0 });
    // Only what the page shows crosses from the worker: the first 200 invalid rows, not 250 (nor 250,000 recipients).
    await page.getByText('Invalid rows: 250 rows not imported (the first 200 shown)').waitFor();
    expect(await importPage.rows(page, 'invalid-rows')).toHaveLength(200);
    await page.getByText('249,750 recipients: 249,750 segments in all').waitFor();
    expect(workers.map((worker) => worker.url())).toEqual([expect.stringMatching(/recipients\.worker/)]);
  });

  it('stops reading on Cancel: the worker is terminated and nothing is imported', async () => {
    await importPage.upload(page, largeCsv);
    await page.waitForFunction(() => (document.querySelector<HTMLProgressElement>('#reading-progress')?.value ?? 0) > 0);
    const closed = new Promise<void>((resolve) => workers[0]!.once('close', () => resolve()));
    await page.getByRole('button', { name: 'Cancel reading' }).click();
    await closed;
    expect(await importPage.status(page)).toBe('Reading large.csv was cancelled; nothing was imported.');
    await expect(page.getByRole('progressbar').count()).resolves.toBe(0);
    await expect(page.getByRole('heading', { name: 'Report for large.csv' }).count()).resolves.toBe(0);
  });
});

describe('the message template, checked against the list', () => {
  it('previews the first recipients with their segments, warns of empty variables, and prices the list', async () => {
    const file = path.join(scratch, 'orders.csv');
    fs.writeFileSync(file, 'name,phone,timezone,orderId,store\nAda,+12125559876,America/New_York,A-100,Main St\nZoë,+14155550123,America/Los_Angeles,,Market St\n,+13125550199,America/Chicago,A-102,Loop\n');
    await page.getByLabel('Message template').fill('Hi {{name|there}}, order {{orderId}} is ready at {{store}}. Reply STOP to opt out.');
    await importPage.upload(page, file);
    await importPage.report(page, 'orders.csv');
    await page.getByText('Template variables: {{name}}, {{orderId}}, {{store}}').waitFor();
    expect(await importPage.rows(page, 'message-previews')).toEqual([
      ['2', 'Ada +12125559876', 'Hi Ada, order A-100 is ready at Main St. Reply STOP to opt out.', '63 characters, 1 segment (GSM-7)'],
      ['3', 'Zoë +14155550123', 'Hi Zoë, order  is ready at Market St. Reply STOP to opt out.', '60 characters, 1 segment (UCS-2: contains ë)'],
      ['4', '+13125550199', 'Hi there, order A-102 is ready at Loop. Reply STOP to opt out.', '62 characters, 1 segment (GSM-7)']
    ]);
    await page.getByText('{{orderId}} is empty for 1 of 3 recipients; add a fallback such as {{orderId|…}} (line 3)').waitFor();
    await page.getByText('3 recipients: 3 segments in all, at most 1 segment per message; 1 message goes out as UCS-2').waitFor();

    // Edits are re-checked by the worker against the list already read.
    await page.getByLabel('Message template').fill(
      'Hi {{name|there}}, we’re holding order {{orderId|(no number)}} at our {{store}} store until Friday. Bring this text and a photo ID; questions? Call us. Reply STOP to opt out.'
    );
    await page.getByText('3 recipients: 9 segments in all, at most 3 segments per message').waitFor();
    expect((await importPage.rows(page, 'message-previews')).map((row) => row[3])).toEqual([
      '143 characters, 3 segments (UCS-2: contains ’)',
      '151 characters, 3 segments (UCS-2: contains ë ’)',
      '142 characters, 3 segments (UCS-2: contains ’)'
    ]);
    await importPage.screenshot(page, 'lists-import-template');

    await page.getByLabel('Message template').fill('Your order {{orderNo}} is ready.');
    await page.getByRole('alert').getByText('{{orderNo}} is not a column of this list; its variables are name, orderId, store').waitFor();
    expect(workers.length).toBe(1);
  });
});

function writeLargeCsv(file: string, rows: number): string {
  const out = fs.openSync(file, 'w');
  fs.writeSync(out, 'name,phone,timezone,orderId\n');
  const batch: string[] = [];
  for (let i = 0; i < rows; i += 1) {
    // Every thousandth row has no usable phone: more invalid rows than the page lists.
    const phone = i % 1000 === 999 ? 'n/a' : `+1415${5_550_000 + i}`;
    batch.push(`Person ${i},${phone},America/Chicago,A-${i}\n`);
    if (batch.length === 10_000) fs.writeSync(out, batch.splice(0).join(''));
  }
  fs.writeSync(out, batch.join(''));
  fs.closeSync(out);
  return file;
}
