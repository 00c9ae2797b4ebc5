import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
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

export interface BrowserSuiteOptions {
  /** The app keeps its SQLite file in a folder of its own, removed afterwards (for files that create accounts). */
  ownDatabase?: boolean;
  /** The app's environment, given once Chromium is there (it may start what the app needs first, such as a database server). */
  env?: () => Promise<Record<string, string>>;
}

/**
 * Chromium and the built app for one test file, closed after it. Chromium is launched first, so
 * that without it nothing is served; its error is thrown by `browser()`, because thrown in
 * `beforeAll` vitest would only mark the tests skipped.
 */
export function useBrowserAndBuiltApp(options: BrowserSuiteOptions = {}): BrowserSuite {
  let browser: Browser | undefined;
  let noBrowser: unknown = null;
  let app: BuiltApp | undefined;
  let appEnv: Record<string, string> = {};
  let scratch: string | undefined;
  beforeAll(async () => {
    try {
      browser = await launchChromium();
    } catch (error) {
      noBrowser = error;
      return;
    }
    if (options.ownDatabase) scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'proactive-sms-browser-'));
    appEnv = { ...(scratch === undefined ? {} : { DATABASE_PATH: path.join(scratch, 'app.db') }), ...(await options.env?.()) };
    app = await startBuiltApp(appEnv);
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await app?.close();
    if (scratch !== undefined) fs.rmSync(scratch, { recursive: true, force: true });
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
