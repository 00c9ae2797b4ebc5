import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { freePort } from '../browser/built-app.js';
import { copyOfAppSources } from '../support/build-app.js';

// `npm start` on a fresh checkout builds the app first. What the person sees is a few clear lines
// (building, built, listening), not the build's hundreds; a build that fails still shows why.

const folders: string[] = [];
afterEach(() => {
  for (const dir of folders.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

/** Runs `node bin/start.js` in a fresh copy until it listens or exits; every line it printed, in order. */
async function firstStart(change: (dir: string) => void = () => {}): Promise<{ lines: string[]; exitCode: number | null; port: number }> {
  const dir = copyOfAppSources('proactive-sms-start-');
  folders.push(dir);
  change(dir);
  const port = await freePort();
  const child = spawn(process.execPath, ['bin/start.js'], {
    cwd: dir,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { PATH: process.env.PATH ?? '', PORT: String(port), DATABASE_PATH: path.join(dir, 'app.db'), WORKER: 'off' }
  });
  let text = '';
  const listening = new Promise<void>((resolve) => {
    const read = (chunk: Buffer) => {
      text += chunk.toString();
      if (/^Listening on /m.test(text)) resolve();
    };
    child.stdout.on('data', read);
    child.stderr.on('data', read);
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  const first = await Promise.race([listening.then(() => 'listening' as const), exited.then(() => 'exited' as const)]);
  if (first === 'listening') child.kill('SIGTERM');
  const exitCode = await exited;
  return { lines: text.split('\n').filter((line) => line.trim() !== ''), exitCode: first === 'listening' ? null : exitCode, port };
}

describe('the first `npm start`', () => {
  it('says it is building, that it built, and where it listens: nothing else', async () => {
    const { lines, port } = await firstStart();
    expect(lines).toEqual(['Building the app (first start, a minute or two)…', expect.stringMatching(/^Built in \d+ s\.$/), `Listening on http://127.0.0.1:${port}`]);
  }, 240_000);

  it('shows the build’s own messages when it fails, then says it failed', async () => {
    const { lines, exitCode } = await firstStart((dir) => fs.appendFileSync(path.join(dir, 'playground/routes/+page.svelte'), '\n{#if}\n'));
    expect(exitCode).not.toBe(0);
    expect(lines[0]).toBe('Building the app (first start, a minute or two)…');
    expect(lines.some((line) => line.includes('+page.svelte'))).toBe(true);
    expect(lines.at(-1)).toBe('The build failed (vite exited with 1); the messages above say why.');
  }, 240_000);
});
