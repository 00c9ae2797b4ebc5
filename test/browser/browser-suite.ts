import type { Browser } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { startBuiltApp, type BuiltApp } from './built-app.js';
import { launchChromium } from './chromium.js';

export interface BrowserSuite {
  /** Chromium, or the error saying how to get it: call it in `beforeEach` so each test fails with that sentence. */
  browser(): Browser;
  app(): BuiltApp;
  /** Stops the app and starts it again with the same environment (on another port). */
  restartApp(): Promise<BuiltApp>;
}

/**
 * Chromium and the built app for one test file, closed after it. Chromium is launched first, so
 * that without it nothing is served; its error is thrown by `browser()`, because thrown in
 * `beforeAll` vitest would only mark the tests skipped. `env` gives the app's environment once
 * Chromium is there (it may start what the app needs first, such as a database server).
 */
export function useBrowserAndBuiltApp(env: () => Promise<Record<string, string>> = async () => ({})): BrowserSuite {
  let browser: Browser | undefined;
  let noBrowser: unknown = null;
  let app: BuiltApp | undefined;
  let appEnv: Record<string, string> = {};
  beforeAll(async () => {
    try {
      browser = await launchChromium();
    } catch (error) {
      noBrowser = error;
      return;
    }
    appEnv = await env();
    app = await startBuiltApp(appEnv);
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
    },
    async restartApp() {
      await app?.close();
      app = undefined;
      app = await startBuiltApp(appEnv);
      return app;
    }
  };
}
