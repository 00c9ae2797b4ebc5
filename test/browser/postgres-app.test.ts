import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { Page } from 'playwright-core';
import twilio from 'twilio';
import { Temporal } from 'temporal-polyfill';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startPostgresServer, type PostgresServer } from '../support/postgres-server.js';
import { accountSid, authToken, messagingServiceSid } from '../twilio/support.js';
import { phoneOf } from '../worker/campaign.js';
import { adminApp } from './admin-app.js';
import { startBuiltApp } from './built-app.js';
import { useBrowserAndBuiltApp } from './browser-suite.js';

// The built app with DATABASE_URL=postgres://…: sign-in (better-auth), the campaigns, the
// in-process worker and the live page all on one PostgreSQL database, nothing in SQLite.

const zone = 'America/New_York';
const admin = { name: 'Ada Admin', email: 'ada@example.com', password: 'correct horse' };

let server: PostgresServer | undefined;
let url = '';
let scratch = '';
// Registered before the suite's hooks, so that the server stops after the app.
afterAll(async () => {
  await server?.close();
  if (scratch) fs.rmSync(scratch, { recursive: true, force: true });
});
const suite = useBrowserAndBuiltApp({ env: async () => {
  server = await startPostgresServer({ port: 4103 });
  url = await server.createDatabase('app');
  return { DATABASE_URL: url, WORKER: 'on' };
} });
let openedPage: Page | undefined;
beforeAll(() => {
  scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'proactive-sms-pg-app-'));
});
// Without Chromium, each test fails with the sentence saying how to get it.
beforeEach(async () => {
  openedPage ??= await suite.browser().newPage({ viewport: { width: 1280, height: 900 } });
});

function pageOpen(): Page {
  if (openedPage === undefined) throw new Error('no page: beforeEach opens it');
  return openedPage;
}

/** Rows read behind the app's back. */
async function rows(sql: string): Promise<unknown[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql)).rows;
  } finally {
    await client.end();
  }
}

/** The current minute in New York as a datetime-local value, moved by `minutes`. */
function localMinute(minutes: number): string {
  return Temporal.Now.zonedDateTimeISO(zone).add({ minutes }).toPlainDateTime().toString({ smallestUnit: 'minute' });
}

describe('the web app on PostgreSQL', () => {
  it('creates the first administrator, saves a campaign, adds a list, and the in-process worker sends it while the page updates live', async () => {
    const { origin } = suite.app();
    const page = pageOpen();
    await adminApp.createFirstAdministrator(page, origin, admin);
    const campaignId = await adminApp.createCampaign(page, origin, { name: 'Pickups on PostgreSQL', throttle: '60', timeZone: zone, allWeek: true });

    const csv = path.join(scratch, 'pickups.csv');
    fs.writeFileSync(csv, ['name,phone', ...[0, 1, 2].map((row) => `P${row},${phoneOf(row)}`)].join('\n') + '\n');
    await adminApp.addRecipients(page, csv, { start: localMinute(-1) });
    const loadedAt = await adminApp.saveListAndWatch(page);
    await adminApp.openTab(page, 'Completed');
    await page.locator('#lists [data-status]', { hasText: 'Completed' }).waitFor({ timeout: 60_000 });
    expect(await adminApp.listRows(page)).toEqual([{ file: 'pickups.csv', status: 'Completed', progress: '3/3' }]);
    expect(await page.evaluate(() => performance.timeOrigin)).toBe(loadedAt);

    // All of it is in PostgreSQL: better-auth's user, the campaign and its description, the sends.
    expect(await rows('SELECT email, role FROM "user"')).toEqual([{ email: admin.email, role: 'admin' }]);
    expect(await rows('SELECT id, name FROM campaigns')).toEqual([{ id: campaignId, name: 'Pickups on PostgreSQL' }]);
    expect(await rows('SELECT campaign_id FROM app_campaign_details')).toEqual([{ campaign_id: campaignId }]);
    expect(await rows('SELECT to_phone FROM simulated_messages ORDER BY seq')).toEqual([0, 1, 2].map((row) => ({ to_phone: phoneOf(row) })));
  }, 180_000);

  it('keeps the administrator signed in across a restart: the sign-in secret is kept in the database', async () => {
    const { origin } = await suite.restartApp();
    const page = pageOpen();
    await page.goto(`${origin}/settings/proactive-sms`);
    await page.locator('tbody tr', { hasText: 'Pickups on PostgreSQL' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/settings/proactive-sms');
    expect(await rows('SELECT name FROM app_secrets')).toEqual([{ name: 'better-auth' }]);
  }, 120_000);

  it('records a signed STOP in PostgreSQL from a second app server on the same database, one with no worker', async () => {
    // Twilio signs the public address; the app checks against PUBLIC_BASE_URL, whatever port it is reached on.
    const publicBaseUrl = 'https://sms.example.com';
    const webhooksOnly = await startBuiltApp({
      DATABASE_URL: url,
      WORKER: 'off',
      PUBLIC_BASE_URL: publicBaseUrl,
      TWILIO_ACCOUNT_SID: accountSid,
      TWILIO_AUTH_TOKEN: authToken,
      TWILIO_MESSAGING_SERVICE_SID: messagingServiceSid,
      TWILIO_API_BASE_URL: 'http://127.0.0.1:9'
    });
    try {
      const stop = { MessageSid: 'SM' + 'b'.repeat(32), From: phoneOf(0), To: '+14155550199', Body: 'STOP', OptOutType: 'STOP' };
      const signature = twilio.getExpectedTwilioSignature(authToken, `${publicBaseUrl}/webhooks/twilio/inbound`, stop);
      const response = await fetch(`${webhooksOnly.origin}/webhooks/twilio/inbound`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'X-Twilio-Signature': signature },
        body: new URLSearchParams(stop)
      });
      expect(response.status).toBe(200);
      await expect.poll(() => rows('SELECT phone FROM opt_outs'), { timeout: 5_000 }).toEqual([{ phone: phoneOf(0) }]);
    } finally {
      await webhooksOnly.close();
    }
  }, 60_000);

  it('rides out the database going away: a page saying so while it is down, the same page again once it is back, no restart', async () => {
    const { origin } = suite.app();
    const page = pageOpen();
    await page.goto(`${origin}/settings/proactive-sms`);
    await page.locator('tbody tr', { hasText: 'Pickups on PostgreSQL' }).waitFor();
    const pg = server;
    if (pg === undefined) throw new Error('no PostgreSQL server');
    await pg.stop('immediate');
    try {
      const down = await page.goto(`${origin}/settings/proactive-sms`);
      expect(down?.status()).toBe(503);
      await page.getByRole('alert').getByText('The database is not answering just now.').waitFor();
      await page.screenshot({ path: 'test/browser/screenshots/postgres-down.png' });
    } finally {
      await pg.start();
    }
    await expect
      .poll(async () => (await page.goto(`${origin}/settings/proactive-sms`))?.status(), { timeout: 20_000, interval: 250 })
      .toBe(200);
    await page.locator('tbody tr', { hasText: 'Pickups on PostgreSQL' }).waitFor();
    await page.screenshot({ path: 'test/browser/screenshots/postgres-back.png' });
  }, 60_000);

  it('refuses to start on a database it cannot use, in one sentence, without the password', async () => {
    const error = await startBuiltApp({ DATABASE_URL: 'postgres://sms:secret-password@127.0.0.1:4150/sms' }).then(
      () => new Error('the app started'),
      (refusal: unknown) => refusal as Error
    );
    // What the app printed, after the line of the test's own helper saying it stopped before listening.
    const printed = error.message.split('\n').slice(1).filter((line) => line.trim() !== '');
    expect(printed).toEqual(['Nothing answers at "sms" on 127.0.0.1:4150: start PostgreSQL there, or correct --db / DATABASE_URL.']);
  });
});
