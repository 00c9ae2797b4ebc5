import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { parseRecipientsCsv } from '../../core/recipients/index.js';
import { safeParseScenario } from '../../core/scenario/index.js';
import { useBrowserAndBuiltApp } from './browser-suite.js';

// The projection playground of the built app, in Chromium: a scenario loaded from a file says
// as many unreached recipients as `proactive-sms project` does, and follows the end date, the
// daily limit and the throttle as they are edited.

const root = path.resolve(import.meta.dirname, '../..');
const fixtures = path.join(root, 'test/fixtures');
// Not asserted: kept for a person to look at (the folder is ignored by git).
const screenshots = path.join(import.meta.dirname, 'screenshots');

const suite = useBrowserAndBuiltApp();
let scratch: string;
let page: Page;

/** spring-sale.json with its CSV read by core's importer into inline recipients, as a browser needs it. */
function inlineSpringSale(edit: (scenario: any) => void = () => {}): string {
  const scenario = JSON.parse(fs.readFileSync(path.join(fixtures, 'spring-sale.json'), 'utf8'));
  for (const list of scenario.lists) {
    const csv = fs.readFileSync(path.join(fixtures, list.csv), 'utf8');
    const { recipients } = parseRecipientsCsv(csv, { defaultTimeZone: scenario.campaign.timeZone });
    list.recipients = recipients.map((r) => ({ phone: r.phone, name: r.name, timeZone: r.timeZone, ...r.variables }));
    list.fileName = list.csv;
    delete list.csv;
  }
  edit(scenario);
  const file = path.join(scratch, `spring-sale-${fs.readdirSync(scratch).length}.json`);
  fs.writeFileSync(file, JSON.stringify(scenario));
  return file;
}

/** What the command line says of the scenario's one list. */
function cliProjection(file: string): { unreached: number; completion: string } {
  const stdout = execFileSync(process.execPath, [path.join(root, 'bin/proactive-sms.js'), 'project', file, '--json'], { encoding: 'utf8' });
  return JSON.parse(stdout).lists[0];
}

const advice = (p: Page) => p.locator('.advice').first();

async function load(p: Page, file: string): Promise<void> {
  await p.getByLabel('Scenario file (JSON)').setInputFiles(file);
  await p.getByRole('heading', { name: /^List spring/ }).waitFor();
}

/** The figures of the summary beside the chart, by label. */
async function summary(p: Page): Promise<Record<string, string>> {
  const pairs = await p.locator('dl[aria-label="Projection summary"] > div').evaluateAll((items) =>
    items.map((item) => [item.querySelector('dt')!.textContent!.trim(), item.querySelector('dd')!.textContent!.trim()])
  );
  return Object.fromEntries(pairs);
}

async function screenshot(p: Page, name: string): Promise<void> {
  fs.mkdirSync(screenshots, { recursive: true });
  await p.screenshot({ path: path.join(screenshots, `${name}.png`), fullPage: true });
}

beforeAll(() => {
  scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'proactive-sms-projection-'));
});

afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));

beforeEach(async () => {
  page = await suite.browser().newPage({ viewport: { width: 1280, height: 900 } });
  await page.goto(`${suite.app().origin}/projection`);
  await page.getByRole('heading', { name: 'Projection playground' }).waitFor();
});

afterEach(async () => {
  await page?.close();
});

describe('the projection playground', () => {
  it('says an end date is too soon with the unreached count of `proactive-sms project`', async () => {
    const cli = cliProjection(path.join(fixtures, 'spring-sale.json'));
    expect(cli).toMatchObject({ completion: 'end_reached', unreached: 12 });
    await load(page, inlineSpringSale());
    await expect(advice(page).textContent()).resolves.toBe(
      'End date too soon ' +
        'At 1 message every 15 minutes and at most 12 a day in these hours, 60 recipients finish Wed 17 Mar 14:45 EDT. ' +
        `Your end date Tue 16 Mar 17:00 is too soon: ${cli.unreached} recipients (20 %) would not be messaged. ` +
        'Raise the daily limit to 15 a day, or end after 17 Mar 14:45. ' +
        'No throttle alone would: the daily limit or the sending hours before the end date bind.'
    );
    expect(await summary(page)).toMatchObject({ 'List size': '60', 'Messaged before the end date': '48', Unreached: String(cli.unreached) });
    await page.getByText("Sending hours, in each recipient's own zone: Mon–Fri 09:00–12:00 and 13:00–17:00; Sat 10:00–14:00; Sun closed.").waitFor();
    await expect(page.getByRole('img', { name: /^Line chart/ }).count()).resolves.toBe(1);
    await expect(page.getByRole('img', { name: /^Bar chart/ }).count()).resolves.toBe(1);
    await screenshot(page, 'projection-too-soon-1280');
    await page.setViewportSize({ width: 390, height: 844 });
    await advice(page).waitFor();
    await screenshot(page, 'projection-too-soon-390');
  });

  it('follows the end date as it is edited, agreeing with the command line at each one', async () => {
    await load(page, inlineSpringSale());
    const end = page.getByLabel('End of list spring');
    // Monday 15 Mar 13:00 EDT: twelve a day went Friday, Saturday and Monday morning, 60 − 3 × 12 = 24 did not.
    await end.fill('2027-03-15T13:00');
    const earlier = cliProjection(inlineSpringSale((s) => (s.lists[0].endBefore = '2027-03-15T17:00:00Z')));
    expect(earlier.unreached).toBe(24);
    await advice(page).getByText(`Your end date Mon 15 Mar 13:00 is too soon: ${earlier.unreached} recipients (40 %) would not be messaged.`).waitFor();
    expect((await summary(page)).Unreached).toBe('24');

    await end.fill('2027-03-17T15:00');
    expect(cliProjection(inlineSpringSale((s) => (s.lists[0].endBefore = '2027-03-17T19:00:00Z')))).toMatchObject({ unreached: 0 });
    await advice(page).getByText('60 recipients finish Wed 17 Mar 14:45 EDT, before your end date Wed 17 Mar 15:00.').waitFor();
    await expect(advice(page).locator('.verdict').textContent()).resolves.toBe('Reaches everyone');
    await screenshot(page, 'projection-fits-1280');

    await end.fill('');
    await advice(page).getByText(/^At 1 message every 15 minutes and at most 12 a day in these hours, 60 recipients finish Wed 17 Mar 14:45 EDT\.$/).waitFor();
    await expect(advice(page).locator('.verdict').textContent()).resolves.toBe('No end date');
  });

  it('follows the daily limit and the throttle', async () => {
    await load(page, inlineSpringSale());
    await page.getByLabel('Daily limit (all lists together)').fill('15');
    expect(cliProjection(inlineSpringSale((s) => (s.campaign.dailyLimit = 15)))).toMatchObject({ unreached: 0 });
    await advice(page).getByText(/at most 15 a day in these hours, 60 recipients finish .*, before your end date Tue 16 Mar 17:00\./).waitFor();

    await page.getByLabel('Daily limit (all lists together)').fill('');
    await page.getByLabel('Throttle (messages per period)').fill('1');
    await page.getByLabel('Throttle period').selectOption({ label: 'hour' });
    const hourly = cliProjection(inlineSpringSale((s) => ((s.campaign.dailyLimit = null), (s.campaign.rate = { messages: 1, perSeconds: 3600 }))));
    await advice(page).getByText(`At 1 message an hour in these hours, 60 recipients finish`).waitFor();
    expect((await summary(page)).Unreached).toBe(String(hourly.unreached));
  });

  it('explains what it cannot use, next to the field', async () => {
    // Core's own sentences, the first one whole and a count of the rest.
    const broken = '{ "campaign": {} }';
    const parsed = safeParseScenario(broken);
    if (parsed.ok) throw new Error('the broken scenario parsed');
    expect(parsed.issues.length).toBeGreaterThan(1);
    await page.getByLabel('Or paste the scenario JSON').fill(broken);
    await page.getByRole('button', { name: 'Load pasted scenario' }).click();
    await page.getByRole('alert').getByText(`This scenario cannot be used: ${parsed.issues[0]} (and ${parsed.issues.length - 1} more)`).waitFor();

    // A list given as a CSV path cannot be opened by a page.
    await page.getByLabel('Scenario file (JSON)').setInputFiles(path.join(fixtures, 'spring-sale.json'));
    await page.getByText('lists[0].csv: CSV files cannot be read here; give the recipients inline').waitFor();
    await page.getByText('This page runs in your browser and cannot open a CSV file the scenario names.').waitFor();

    await load(page, inlineSpringSale());
    // The list starts at 13:00Z, 08:00 in New York before the clocks change on the 14th.
    await page.getByLabel('End of list spring').fill('2027-03-12T07:30');
    await page.getByText('The end must be after the start, 2027-03-12 08:00.').waitFor();
    await expect(page.getByLabel('End of list spring').getAttribute('aria-invalid')).resolves.toBe('true');
    await page.getByLabel('Throttle (messages per period)').fill('0');
    await page.getByText('Give a whole number of messages, 1 or more.').waitFor();
    // Neither changes the projection, which keeps the last good settings.
    expect((await summary(page)).Unreached).toBe('12');
  });
});
