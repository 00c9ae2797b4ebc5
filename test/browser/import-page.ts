import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';

// Not asserted: kept for a person to look at the key screens after a run (the folder is ignored by git).
const screenshots = path.join(import.meta.dirname, '../../test-results');

/** What the import page shows, read the way a person reads it: by headings, labels and table cells. */
export const importPage = {
  async open(page: Page, origin: string): Promise<void> {
    await page.goto(`${origin}/lists/import`);
    // The page renders in the browser only, so its heading means its script is running.
    await page.getByRole('heading', { name: 'Import a recipient list' }).waitFor();
  },

  async upload(page: Page, file: string): Promise<void> {
    await page.getByLabel('Recipient list (CSV file)').setInputFiles(file);
  },

  /** Waits for the report of `file` and returns its counts by label (none when the file is refused). */
  async report(page: Page, file: string): Promise<Record<string, number>> {
    await page.getByRole('heading', { name: `Report for ${path.basename(file)}` }).waitFor();
    const pairs = await page.locator('dl[aria-label="Counts"] > div').evaluateAll((items) =>
      items.map((item) => [item.querySelector('dt')!.textContent!.trim(), item.querySelector('dd')!.textContent!.trim()])
    );
    return Object.fromEntries(pairs.map(([label, value]) => [label!, Number(value!.replaceAll(',', ''))]));
  },

  /** A table's body rows as cell texts; none when the table is not shown. */
  async rows(page: Page, tableId: string): Promise<string[][]> {
    return page.locator(`#${tableId} tbody tr`).evaluateAll((rows) =>
      rows.map((row) => Array.from(row.querySelectorAll('td'), (cell) => cell.textContent!.trim()))
    );
  },

  async screenshot(page: Page, name: string): Promise<void> {
    fs.mkdirSync(screenshots, { recursive: true });
    await page.screenshot({ path: path.join(screenshots, `${name}.png`), fullPage: true });
  },

  async status(page: Page): Promise<string> {
    return (await page.getByRole('status').textContent())!.trim();
  }
};
