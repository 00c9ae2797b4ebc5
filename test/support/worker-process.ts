import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { accountSid, authToken, messagingServiceSid } from '../twilio/support.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const bin = join(root, 'bin', 'proactive-sms.js');

export interface WorkerProcess {
  readonly child: ChildProcess;
  /** Every line it printed so far, stdout and stderr together, in arrival order. */
  readonly lines: string[];
  /** Resolves with the first line (already printed or to come) that `matches`; rejects after `timeoutMs` or if it exits first. */
  waitForLine(matches: (line: string) => boolean, timeoutMs: number): Promise<string>;
  /** Resolves with how it ended. */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/**
 * `proactive-sms worker` as production runs it: the built CLI (dist/, made by `npm run build:cli`)
 * in a child process, with only the environment given here beside PATH.
 */
export function spawnWorker(args: string[], env: Record<string, string>): WorkerProcess {
  if (!existsSync(join(root, 'dist', 'adapters', 'cli', 'main.js'))) {
    throw new Error('The built CLI is missing: run "npm run build:cli" (npm test does it first).');
  }
  const child = spawn(process.execPath, [bin, 'worker', ...args], {
    cwd: root,
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe']
  });
  const lines: string[] = [];
  const waiters = new Set<{ matches: (line: string) => boolean; resolve: (line: string) => void }>();
  const onLine = (line: string) => {
    lines.push(line);
    for (const waiter of waiters) {
      if (!waiter.matches(line)) continue;
      waiters.delete(waiter);
      waiter.resolve(line);
    }
  };
  for (const stream of [child.stdout, child.stderr]) if (stream !== null) createInterface({ input: stream }).on('line', onLine);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  return {
    child,
    lines,
    exited,
    waitForLine(matches, timeoutMs) {
      const found = lines.find(matches);
      if (found !== undefined) return Promise.resolve(found);
      return new Promise((resolve, reject) => {
        const waiter = { matches, resolve: (line: string) => (clearTimeout(timer), resolve(line)) };
        const timer = setTimeout(() => {
          waiters.delete(waiter);
          reject(new Error(`no matching line from the worker within ${timeoutMs} ms; its last lines:\n${lines.slice(-8).join('\n')}`));
        }, timeoutMs);
        waiters.add(waiter);
        void exited.then(({ code, signal }) => {
          if (!waiters.delete(waiter)) return;
          clearTimeout(timer);
          reject(new Error(`the worker exited (code ${code}, signal ${signal}) before the line came; its last lines:\n${lines.slice(-8).join('\n')}`));
        });
      });
    }
  };
}

/** A line of the worker's JSON log whose message is `msg`. */
export const logMessage = (msg: string) => (line: string) => line.startsWith('{') && (JSON.parse(line) as { msg?: string }).msg === msg;

/**
 * A worker's environment for sending through the fake Twilio at `baseUrl`, with reconciliation's
 * acceptance window (a test-only hook) cut to a second: a request to a fake on loopback is either
 * in its log at once or never.
 */
export function fakeTwilioEnv(baseUrl: string): Record<string, string> {
  return {
    NODE_ENV: 'test',
    TWILIO_ACCOUNT_SID: accountSid,
    TWILIO_AUTH_TOKEN: authToken,
    TWILIO_MESSAGING_SERVICE_SID: messagingServiceSid,
    TWILIO_API_BASE_URL: baseUrl,
    // Nothing listens there: the fake is not asked to deliver, so nothing calls back.
    PUBLIC_BASE_URL: 'http://127.0.0.1:9',
    PROACTIVE_SMS_TEST_ACCEPTANCE_WINDOW_MS: '1000'
  };
}
