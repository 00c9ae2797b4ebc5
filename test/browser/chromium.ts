import fs from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

/** Debian's Chromium: browser tests never download a browser of their own. */
export const CHROMIUM_PATH = '/usr/bin/chromium';

/**
 * Headless Chromium, or an error saying how to get it. A missing browser fails the tests rather
 * than skipping them: a green run must mean the page was really exercised.
 */
export async function launchChromium(): Promise<Browser> {
  if (!fs.existsSync(CHROMIUM_PATH)) {
    throw new Error(`The browser tests need Debian's Chromium at ${CHROMIUM_PATH}; install it with \`apt-get install -y chromium\` (.ci/run does).`);
  }
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync']
  });
}
