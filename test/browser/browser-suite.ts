import type { Browser } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { startBuiltApp, type BuiltApp } from './built-app.js';
import { launchChromium } from './chromium.js';

export interface BrowserSuite {
  /** Chromium, or the error saying how to get it: call it in `beforeEach` so each test fails with that sentence. */
  browser(): Browser;
  app(): BuiltApp;
}

/**
 * Chromium and the built app for one test file, closed after it. Chromium is launched first, so
 * that without it nothing is served; its error is thrown by `browser()`, because thrown in
 * `beforeAll` vitest would only mark the tests skipped.
 */
export function useBrowserAndBuiltApp(): BrowserSuite {
  let browser: Browser | undefined;
  let noBrowser: unknown = null;
  let app: BuiltApp | undefined;
  beforeAll(async () => {
    try {
      browser = await launchChromium();
    } catch (error) {
      noBrowser = error;
      return;
    }
    app = await startBuiltApp();
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });
  return {
    browser() {
      if (browser === undefined) throw noBrowser;
      return browser;
    },
    app() {
      if (app === undefined) throw new Error('the built app is not running');
      return app;
    }
  };
}
