import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';

// Not asserted: kept for a person to look at the key screens after a run (the folder is ignored by git).
export const screenshotDir = path.join(import.meta.dirname, 'screenshots');

/** The administrator's screens, driven the way a person uses them: by labels, roles and visible text. */
export const adminApp = {
  async createFirstAdministrator(page: Page, origin: string, user: { name: string; email: string; password: string }): Promise<void> {
    await page.goto(`${origin}/settings/proactive-sms`);
    await page.getByRole('heading', { name: 'Create the first administrator' }).waitFor();
    await page.getByLabel('Name').fill(user.name);
    await page.getByLabel('Email').fill(user.email);
    await page.getByLabel('Password').fill(user.password);
    await page.getByRole('button', { name: 'Create administrator' }).click();
    await page.getByRole('heading', { name: 'Proactive SMS' }).waitFor();
  },

  /** Every hour of every day on the campaign form shown, so that a list is in its window whenever a test runs. */
  async openAllWeek(page: Page): Promise<void> {
    for (const day of ['Saturday', 'Sunday']) await page.getByRole('group', { name: day }).getByLabel('Closed').uncheck();
    for (const day of ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday']) {
      await page.getByLabel(`${day} window 1 opens`).fill('00:00');
      await page.getByLabel(`${day} window 1 closes`).fill('00:00');
    }
  },

  async signIn(page: Page, origin: string, email: string, password: string): Promise<void> {
    await page.goto(`${origin}/sign-in`);
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL((url) => url.pathname !== '/sign-in');
  },

  async signOut(page: Page): Promise<void> {
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
  },

  /** Fills the Create form: Mon–Fri 9–17 is the form's default, so only the fields given change. */
  async createCampaign(page: Page, origin: string, fields: { name: string; throttle?: string; timeZone?: string; allWeek?: boolean }): Promise<string> {
    await page.goto(`${origin}/settings/proactive-sms/new`);
    await page.getByLabel('Name', { exact: true }).fill(fields.name);
    if (fields.timeZone) await page.getByLabel('Campaign time zone').fill(fields.timeZone);
    if (fields.throttle) await page.getByLabel('Throttle (messages a minute)').fill(fields.throttle);
    if (fields.allWeek) await adminApp.openAllWeek(page);
    await page.getByRole('button', { name: 'Create campaign' }).click();
    await page.getByRole('heading', { name: 'Edit Recipients' }).waitFor();
    return new URL(page.url()).pathname.split('/')[3]!;
  },

  async addRecipients(page: Page, file: string, dates: { start: string; end?: string }): Promise<void> {
    await page.getByRole('link', { name: 'Add Recipients' }).click();
    await page.getByRole('heading', { name: 'Add Recipients' }).waitFor();
    await page.getByLabel('Recipient list (CSV file)').setInputFiles(file);
    await page.getByRole('heading', { name: `Report for ${path.basename(file)}` }).waitFor();
    await page.getByLabel(/^Start sending/).fill(dates.start);
    if (dates.end) await page.getByLabel(/^End \(optional/).fill(dates.end);
  },

  /** Saves the list on Add Recipients and waits for Edit Recipients to show it. */
  async saveList(page: Page): Promise<void> {
    await page.getByRole('button', { name: 'Save list' }).click();
    await page.getByRole('heading', { name: 'Edit Recipients' }).waitFor();
  },

  /**
   * Saves the list and waits until Edit Recipients updates live; answers when the page was loaded,
   * so that a test can check later that the updates came without a reload.
   */
  async saveListAndWatch(page: Page): Promise<number> {
    await adminApp.saveList(page);
    await page.getByText('Updating live.').waitFor();
    return page.evaluate(() => performance.timeOrigin);
  },

  /** The rows of the lists table, each as its cells' text. */
  async listRows(page: Page): Promise<{ file: string; status: string; progress: string }[]> {
    return page.locator('#lists tbody tr').evaluateAll((rows) =>
      rows.map((row) => ({
        file: row.querySelector('td.file')!.textContent!.trim(),
        status: row.querySelector('[data-status]')!.textContent!.trim(),
        progress: row.querySelector('[data-progress]')!.textContent!.trim()
      }))
    );
  },

  async openTab(page: Page, label: string): Promise<void> {
    const tabs = page.getByRole('navigation', { name: 'Lists by status' });
    await tabs.getByRole('link', { name: new RegExp(`^${label}`) }).click();
    await tabs.locator('a[aria-current="page"]', { hasText: label }).waitFor();
  },

  /** One part of the page, at the current width (the README's pictures come from these). */
  async screenshotOf(page: Page, selector: string, name: string): Promise<void> {
    fs.mkdirSync(screenshotDir, { recursive: true });
    await page.locator(selector).first().screenshot({ path: path.join(screenshotDir, `${name}.png`) });
  },

  /** Full-page screenshots at desktop and phone widths. */
  async screenshots(page: Page, name: string): Promise<void> {
    fs.mkdirSync(screenshotDir, { recursive: true });
    const original = page.viewportSize();
    for (const width of [1280, 390]) {
      await page.setViewportSize({ width, height: width === 390 ? 844 : 900 });
      await page.screenshot({ path: path.join(screenshotDir, `${name}-${width}.png`), fullPage: true });
    }
    if (original) await page.setViewportSize(original);
  }
};
