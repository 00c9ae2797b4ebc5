import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { Temporal } from 'temporal-polyfill';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { project } from '../../core/plan/project.js';
import { parseRecipientsCsv } from '../../core/recipients/index.js';
import { providerSettingsSchema } from '../../core/scenario/provider-schema.js';
import { weekdays } from '../../core/schedule/hours.js';
import { openSqliteDatabase } from '../../adapters/sqlite/open-database.js';
import { createSqliteStore } from '../../adapters/sqlite/sqlite-store.js';
import { adminApp } from './admin-app.js';
import { startBuiltApp, type BuiltApp } from './built-app.js';
import { launchChromium } from './chromium.js';

// The administrator's day in the built app, in Chromium, as one story: the first administrator,
// a campaign Mon–Fri 9–17, a list whose end date is too soon (the projection says by how many,
// the same number core's project gives), saved anyway; a list that starts while the page watches;
// Stop Outreach; and an Agent refused.

const fixture = path.join(import.meta.dirname, '../fixtures/spring-sale.csv');
const zone = 'America/New_York';
const admin = { name: 'Ada Admin', email: 'ada@example.com', password: 'correct horse' };
const agent = { name: 'Bob Agent', email: 'bob@example.com', password: 'agent password' };

let browser: Browser | undefined;
let noBrowser: unknown = null;
let app: BuiltApp;
let scratch: string;
let page: Page;

beforeAll(async () => {
  try {
    browser = await launchChromium();
  } catch (error) {
    noBrowser = error;
    return;
  }
  scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'proactive-sms-admin-'));
  // The in-process worker sends through the simulated provider (no TWILIO_* variables here).
  app = await startBuiltApp({ DATABASE_PATH: path.join(scratch, 'app.db'), WORKER: 'on' });
  page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await app?.close();
  if (scratch) fs.rmSync(scratch, { recursive: true, force: true });
});

beforeEach(() => {
  if (browser === undefined) throw noBrowser;
});

/** What core's projection (the CLI's `project`) says of the fixture on Mon 15 Mar 2027, 09:00 to 12:00 New York, 8 a minute, Mon–Fri 9–17. */
function expectedUnreached(): number {
  const { recipients } = parseRecipientsCsv(fs.readFileSync(fixture, 'utf8'), { defaultTimeZone: zone });
  const at = (local: string) => Temporal.PlainDateTime.from(local).toZonedDateTime(zone).toInstant();
  const hours = Object.fromEntries(weekdays.map((day) => [day, day === 'sat' || day === 'sun' ? [] : [['09:00', '17:00'] as const]]));
  const [list] = project({
    campaign: { name: 'x', timeZone: zone, hours: hours as never, rate: { messages: 8, perSeconds: 60 }, dailyLimit: null, message: '' },
    lists: [{ id: 'l', fileName: 'spring-sale.csv', createdAt: at('2026-12-01T00:00'), startAfter: at('2027-03-15T09:00'), endBefore: at('2027-03-15T12:00'), recipients }],
    actions: [],
    provider: providerSettingsSchema.parse({}),
    until: null
  }).lists;
  return list!.unreached;
}

/** The current minute in New York as a datetime-local value, moved by `minutes`. */
function localMinute(minutes: number): string {
  return Temporal.Now.zonedDateTimeISO(zone).add({ minutes }).toPlainDateTime().toString({ smallestUnit: 'minute' });
}

describe('an administrator’s first campaign', () => {
  let campaignId: string;

  it('creates the first administrator, then a campaign Mon–Fri 9–17', async () => {
    await adminApp.createFirstAdministrator(page, app.origin, admin);
    await page.getByText('No campaigns yet').waitFor();
    await adminApp.screenshots(page, 'campaigns-empty');

    // A window opening before 08:00 is flagged at once as against the US quiet hours.
    await page.goto(`${app.origin}/settings/proactive-sms/new`);
    await page.getByLabel('Monday window 1 opens').fill('07:30');
    await page.getByRole('alert').filter({ hasText: 'Quiet hours:' }).getByText('on Monday this schedule texts people before 08:00').waitFor();
    await page.getByLabel('Name', { exact: true }).fill('Spring pickups');
    await page.getByLabel('Message', { exact: true }).fill('Hi {{name}}, order {{orderId}} is ready. Reply STOP to opt out.');
    await adminApp.screenshots(page, 'campaign-new');
    await page.getByLabel('Monday window 1 opens').fill('09:00');
    await expect(page.getByText('Quiet hours:').count()).resolves.toBe(0);
    await page.locator('#segment-summary', { hasText: '1 segment (GSM-7)' }).waitFor();

    campaignId = await adminApp.createCampaign(page, app.origin, { name: 'Spring pickups' });
    await page.getByText('No scheduled lists').waitFor();
    await page.goto(`${app.origin}/settings/proactive-sms`);
    const row = page.locator('tbody tr', { hasText: 'Spring pickups' });
    await expect(row.textContent()).resolves.toContain('0/0');
    await adminApp.screenshots(page, 'campaigns');
  });

  it('warns that an end date is too soon, with the unreached count core projects, and saves it anyway', async () => {
    const unreached = expectedUnreached();
    expect(unreached).toBeGreaterThan(0);
    await page.goto(`${app.origin}/settings/proactive-sms/${campaignId}/recipients`);
    await adminApp.addRecipients(page, fixture, { start: '2027-03-15T09:00', end: '2027-03-15T12:00' });
    const advice = page.locator('[data-verdict]');
    await expect(advice.getAttribute('data-verdict')).resolves.toBe('too_soon');
    await page.getByText(new RegExp(`${unreached} recipients \\(\\d+ %\\) would not be messaged`)).waitFor();
    await adminApp.screenshots(page, 'add-recipients');
    await adminApp.screenshotOf(page, '.projection-panel', 'projection-panel');

    await adminApp.saveList(page);
    expect(await adminApp.listRows(page)).toEqual([{ file: 'spring-sale.csv', status: 'Scheduled', progress: '0/60' }]);
    await page.getByText(`with ${unreached} unreached, as things stand`).waitFor();
    await adminApp.screenshots(page, 'recipients');
  });

  it('answers an end before the start next to the field', async () => {
    await adminApp.addRecipients(page, fixture, { start: '2027-03-15T09:00', end: '2027-03-15T08:00' });
    await page.locator('#end-issue', { hasText: 'The end must come after the start.' }).waitFor();
    await expect(page.getByLabel(/^End \(optional/).getAttribute('aria-invalid')).resolves.toBe('true');
  });

  it('shows a list that starts while the page is open go from Scheduled to In Progress and its Progress rise as the worker sends, without a reload; stops it for good', async () => {
    // Open every hour of every day, so that the list is in its window whenever the test runs,
    // and a message a second, so that progress moves while the page is watched.
    await page.goto(`${app.origin}/settings/proactive-sms/${campaignId}`);
    await page.getByLabel('Throttle (messages a minute)').fill('60');
    await adminApp.openAllWeek(page);
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.getByRole('heading', { name: 'Proactive SMS' }).waitFor();

    await page.goto(`${app.origin}/settings/proactive-sms/${campaignId}/recipients`);
    await adminApp.addRecipients(page, fixture, { start: localMinute(1) });
    const loadedAt = await adminApp.saveListAndWatch(page);
    await adminApp.openTab(page, 'In Progress');
    await page.locator('#lists [data-status]', { hasText: 'In Progress' }).waitFor({ timeout: 90_000 });
    expect(await page.evaluate(() => performance.timeOrigin)).toBe(loadedAt);
    await page.waitForFunction(() => Number(document.querySelector('#lists [data-progress]')?.textContent?.split('/')[0]) >= 3, null, { timeout: 60_000 });
    expect(await page.evaluate(() => performance.timeOrigin)).toBe(loadedAt);
    expect(await adminApp.listRows(page)).toEqual([{ file: 'spring-sale.csv', status: 'In Progress', progress: expect.stringMatching(/^\d+\/60$/) }]);
    await adminApp.screenshots(page, 'recipients-in-progress');
    await adminApp.screenshotOf(page, 'main', 'edit-recipients');

    await page.getByRole('button', { name: 'Stop Outreach' }).click();
    const dialog = page.getByRole('dialog', { name: 'Stop outreach to spring-sale.csv?' });
    await expect(dialog.textContent()).resolves.toContain('cannot be restarted');
    await dialog.getByRole('button', { name: 'Stop Outreach' }).click();
    await page.getByText('Outreach to spring-sale.csv stopped.').waitFor();
    await adminApp.openTab(page, 'Stopped');
    await page.waitForTimeout(2_000); // a send already under way when it stopped may still be recorded
    const [stopped] = await adminApp.listRows(page);
    expect(stopped).toEqual({ file: 'spring-sale.csv', status: 'Cancelled', progress: expect.stringMatching(/^\d+\/60$/) });
    // Nothing more is sent once stopped.
    await page.waitForTimeout(3_000);
    expect(await adminApp.listRows(page)).toEqual([stopped]);
    await adminApp.screenshots(page, 'recipients-stopped');
  }, 180_000);

  it('reads a start already past as now: says so beside the field, projects from now, and saves it as now', async () => {
    // The campaign is open every hour at 60 a minute (the test above): the fixture's 60 take a minute.
    await page.goto(`${app.origin}/settings/proactive-sms/${campaignId}/recipients`);
    await adminApp.addRecipients(page, fixture, { start: localMinute(-90) });
    await page.locator('#start-now', { hasText: 'Starts now — the time given is past.' }).waitFor();
    await expect(page.getByLabel(/^Start sending/).getAttribute('aria-describedby')).resolves.toContain('start-now');
    // Projected from now, the last send is a minute or two away, not 89 minutes ago.
    const advice = page.locator('[data-verdict="no_end"]');
    await advice.waitFor();
    const finish = /finish \w{3} \d{1,2} \w{3}(?: \d{4})? (\d{2}:\d{2})/.exec((await advice.textContent()) ?? '')?.[1];
    expect([localMinute(0), localMinute(1), localMinute(2), localMinute(3)].map((local) => local.slice(11))).toContain(finish);

    // Today's sends of the list stopped above count against the day: the page was given them.
    const db = openSqliteDatabase(path.join(scratch, 'app.db'), { readonly: true });
    let sentToday: number;
    try {
      const store = createSqliteStore(db);
      const stopped = (await store.lists(campaignId)).find((list) => list.stoppedAt !== null)!;
      sentToday = (await store.listCounts(stopped.id)).states.sent;
    } finally {
      db.close();
    }
    expect(sentToday).toBeGreaterThanOrEqual(3);
    await page.getByText(/^Messages per day/).click();
    const today = page.locator('.projection-panel tbody tr').first();
    await expect(today.locator('td').nth(2).textContent()).resolves.toBe(String(sentToday));

    // An end already past is refused beside its field; a start cannot make it right.
    await page.getByLabel(/^End \(optional/).fill(localMinute(-30));
    await page.locator('#end-issue', { hasText: 'The end is already past: it must come after now.' }).waitFor();
    await page.locator('#start-now', { hasText: 'Starts now — the time given is past.' }).waitFor();
    await adminApp.screenshots(page, 'add-recipients-past-start');
    await page.getByLabel(/^End \(optional/).fill('');

    const before = Temporal.Now.instant().epochMilliseconds;
    await adminApp.saveList(page);
    // Saved as starting now, it is In Progress at once.
    expect(new URL(page.url()).searchParams.get('tab')).toBe('in_progress');
    const saved = openSqliteDatabase(path.join(scratch, 'app.db'), { readonly: true });
    try {
      const lists = await createSqliteStore(saved).lists(campaignId);
      const list = lists.find((candidate) => candidate.stoppedAt === null && candidate.endBefore === null)!;
      expect(list.startAfter.epochMilliseconds).toBeGreaterThanOrEqual(before - 1_000);
      expect(list.startAfter.epochMilliseconds).toBe(list.createdAt.epochMilliseconds);
    } finally {
      saved.close();
    }
  }, 60_000);

  it('adds an Agent, who signs in and is refused the campaigns', async () => {
    await page.goto(`${app.origin}/settings/users`);
    await page.getByLabel('Name', { exact: true }).fill(agent.name);
    await page.getByLabel('Email', { exact: true }).fill(agent.email);
    await page.getByLabel('Password').fill(agent.password);
    await page.getByLabel('Role', { exact: true }).selectOption({ label: 'Agent' });
    await page.getByRole('button', { name: 'Add user' }).click();
    await page.getByText(`Added ${agent.email}.`).waitFor();
    await adminApp.screenshots(page, 'users');
    await adminApp.signOut(page);

    await adminApp.signIn(page, app.origin, agent.email, agent.password);
    await expect(page.getByRole('link', { name: 'Proactive SMS' }).count()).resolves.toBe(0);
    const response = await page.goto(`${app.origin}/settings/proactive-sms`);
    expect(response?.status()).toBe(403);
    await page.getByText('Only an Administrator may see or change campaigns and users.').waitFor();
    await adminApp.screenshots(page, 'agent-refused');
  });
});
