import type { BrowserContext, Page } from 'playwright-core';
import { beforeEach, describe, expect, it } from 'vitest';
import { adminApp } from './admin-app.js';
import { useBrowserAndBuiltApp } from './browser-suite.js';
import type { BuiltApp } from './built-app.js';

// What people see when accounts change under them, in the built app in Chromium: two first-run
// submissions at the same moment, a live Edit Recipients page whose session is signed out in
// another tab or demoted by another administrator, and a role change for someone removed meanwhile.

const ada = { name: 'Ada Admin', email: 'ada@example.com', password: 'correct horse' };
const eve = { name: 'Eve Early', email: 'eve@example.com', password: 'another horse' };
const bo = { name: 'Bo Admin', email: 'bo@example.com', password: 'second admin' };

const suite = useBrowserAndBuiltApp({ ownDatabase: true });
let app: BuiltApp;
let adas: BrowserContext;
let page: Page;
let campaignId: string;

beforeEach(async () => {
  suite.browser();
  if (page !== undefined) return;
  app = suite.app();
  adas = await suite.browser().newContext({ viewport: { width: 1280, height: 900 } });
  page = await adas.newPage();
});

/** The live line, or the alert that replaced it, on Edit Recipients. */
const liveAlert = () => page.getByRole('alert');

describe('accounts changing under an open page', () => {
  it('makes only one of two people who press "Create administrator" at the same moment an administrator, and tells the other', async () => {
    const eves = await suite.browser().newContext({ viewport: { width: 1280, height: 900 } });
    try {
      const evePage = await eves.newPage();
      const fill = async (on: Page, user: typeof ada) => {
        await on.goto(`${app.origin}/setup`);
        await on.getByLabel('Name').fill(user.name);
        await on.getByLabel('Email').fill(user.email);
        await on.getByLabel('Password').fill(user.password);
      };
      await fill(page, ada);
      await fill(evePage, eve);
      await Promise.all([page, evePage].map((on) => on.getByRole('button', { name: 'Create administrator' }).click()));

      const outcome = async (on: Page) => {
        const told = on.getByRole('alert').getByText('Someone else has just created the first administrator: ask them to add you under Settings › Users.');
        await Promise.race([on.getByRole('heading', { name: 'Proactive SMS' }).waitFor(), told.waitFor()]);
        return (await told.count()) === 1 ? 'told' : 'administrator';
      };
      const outcomes = await Promise.all([outcome(page), outcome(evePage)]);
      expect([...outcomes].sort()).toEqual(['administrator', 'told']);
      const [winner, loserPage] = outcomes[0] === 'administrator' ? [ada, evePage] : [eve, page];
      await adminApp.screenshots(loserPage, 'setup-someone-else-first');

      // The winner is signed in; the rest reads the same whoever won: Ada, on `page`, is an administrator from here on.
      const winnersPage = winner === ada ? page : evePage;
      await winnersPage.goto(`${app.origin}/settings/users`);
      expect(await winnersPage.locator('tbody tr td[data-label="Email"]').allTextContents()).toEqual([winner.email]);
      if (winner !== ada) {
        await addUser(evePage, ada, 'Administrator');
        await adminApp.signIn(page, app.origin, ada.email, ada.password);
      }
    } finally {
      await eves.close();
    }
  });

  it('tells a live Edit Recipients page that its session was signed out in another tab, and offers to sign in again', async () => {
    campaignId = await adminApp.createCampaign(page, app.origin, { name: 'Live updates' });
    await page.getByText('Updating live.').waitFor();
    await adminApp.screenshots(page, 'recipients-live');

    const otherTab = await adas.newPage();
    await otherTab.goto(`${app.origin}/settings/proactive-sms`);
    await adminApp.signOut(otherTab);
    await otherTab.close();

    await liveAlert().getByText('Your session has ended, so this page no longer updates.').waitFor({ timeout: 10_000 });
    await expect(page.getByText('Connecting for live updates…').count()).resolves.toBe(0);
    await adminApp.screenshots(page, 'recipients-session-ended');

    await liveAlert().getByRole('link', { name: 'Sign in again' }).click();
    await page.getByLabel('Email').fill(ada.email);
    await page.getByLabel('Password').fill(ada.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Edit Recipients' }).waitFor();
    expect(new URL(page.url()).pathname).toBe(`/settings/proactive-sms/${campaignId}/recipients`);
    await page.getByText('Updating live.').waitFor();
  });

  it('tells a live page whose person is made an Agent by another administrator that it stopped, and offers to sign out', async () => {
    await addUser(page, bo, 'Administrator');
    const bos = await suite.browser().newContext({ viewport: { width: 1280, height: 900 } });
    try {
      const boPage = await bos.newPage();
      await adminApp.signIn(boPage, app.origin, bo.email, bo.password);
      await boPage.goto(`${app.origin}/settings/proactive-sms/${campaignId}/recipients`);
      await boPage.getByText('Updating live.').waitFor();

      await page.goto(`${app.origin}/settings/users`);
      const boRow = page.locator('tbody tr', { hasText: bo.email });
      await boRow.getByLabel(`Role of ${bo.email}`).selectOption({ label: 'Agent' });
      await boRow.getByRole('button', { name: 'Save role' }).click();
      await expect.poll(() => boRow.getByLabel(`Role of ${bo.email}`).inputValue()).toBe('agent');

      const ended = boPage.getByRole('alert').getByText('Your account is no longer an Administrator, so this page no longer updates.');
      await ended.waitFor({ timeout: 10_000 });
      await adminApp.screenshots(boPage, 'recipients-no-longer-admin');
      await boPage.getByRole('alert').getByRole('button', { name: 'Sign out' }).click();
      await boPage.getByRole('heading', { name: 'Sign in' }).waitFor();
    } finally {
      await bos.close();
    }
  });

  it('tells a live page that its campaign was deleted meanwhile, instead of spinning', async () => {
    const doomed = await adminApp.createCampaign(page, app.origin, { name: 'Deleted meanwhile' });
    await page.getByText('Updating live.').waitFor();
    // As the campaigns page's Delete submits it, from another tab.
    const deleted = await page.request.post(`${app.origin}/settings/proactive-sms?/delete`, {
      headers: { origin: app.origin, accept: 'application/json', 'x-sveltekit-action': 'true' },
      form: { campaignId: doomed }
    });
    expect(await deleted.json()).toMatchObject({ type: 'redirect', location: '/settings/proactive-sms' });
    await liveAlert().getByText('This campaign has been deleted.').waitFor({ timeout: 10_000 });
    await expect(page.getByText(/Connecting for live updates|Updating live/).count()).resolves.toBe(0);
  });

  it('answers a role change for someone removed meanwhile beside their role, not with an error page', async () => {
    await page.goto(`${app.origin}/settings/users`);
    const boRow = page.locator('tbody tr', { hasText: bo.email });
    await boRow.waitFor();
    const { users } = (await (await page.request.get(`${app.origin}/api/auth/admin/list-users`, { headers: { origin: app.origin } })).json()) as {
      users: { id: string; email: string }[];
    };
    const removed = await page.request.post(`${app.origin}/api/auth/admin/remove-user`, {
      headers: { origin: app.origin },
      data: { userId: users.find((user) => user.email === bo.email)!.id }
    });
    expect(removed.status()).toBe(200);

    await boRow.getByLabel(`Role of ${bo.email}`).selectOption({ label: 'Administrator' });
    await boRow.getByRole('button', { name: 'Save role' }).click();
    await boRow.getByText('This user no longer exists: reload the page to see who does.').waitFor();
    await expect(boRow.getByLabel(`Role of ${bo.email}`).getAttribute('aria-invalid')).resolves.toBe('true');
    await adminApp.screenshots(page, 'users-role-of-removed');
  });
});

async function addUser(on: Page, user: typeof ada, role: 'Administrator' | 'Agent'): Promise<void> {
  await on.goto(`${app.origin}/settings/users`);
  await on.getByLabel('Name', { exact: true }).fill(user.name);
  await on.getByLabel('Email', { exact: true }).fill(user.email);
  await on.getByLabel('Password').fill(user.password);
  await on.getByLabel('Role', { exact: true }).selectOption({ label: role });
  await on.getByRole('button', { name: 'Add user' }).click();
  await on.getByText(`Added ${user.email}.`).waitFor();
}
