import { execFile, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { promisify } from 'node:util';

export interface BuiltApp {
  origin: string;
  close(): Promise<void>;
}

const root = path.resolve(import.meta.dirname, '../..');

// adapter-node's handler served on a port the system picks, which the child prints: no port is
// guessed, and the first line proves the app is listening.
const serveScript = `
import http from 'node:http';
const { handler } = await import(process.argv[1]);
const server = http.createServer(handler);
server.listen(0, '127.0.0.1', () => console.log('listening ' + server.address().port));
`;

/**
 * The app as production runs it: `vite build` with adapter-node, served on 127.0.0.1. Built in a
 * copy of the tree (as test/twilio/built-server.test.ts does) so that it never races another
 * build of the shared work tree.
 */
export async function startBuiltApp(): Promise<BuiltApp> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'proactive-sms-browser-'));
  let server: ChildProcess | undefined;
  const close = async () => {
    if (server?.exitCode === null) {
      const exited = new Promise((resolve) => server!.once('exit', resolve));
      server.kill('SIGTERM');
      await exited;
    }
    fs.rmSync(dir, { recursive: true, force: true });
  };
  try {
    for (const entry of ['package.json', 'svelte.config.js', 'vite.config.ts', 'tsconfig.json', 'tsconfig.base.json', 'playground', 'adapters', 'core']) {
      fs.cpSync(path.join(root, entry), path.join(dir, entry), { recursive: true });
    }
    fs.symlinkSync(path.join(root, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
    await promisify(execFile)(process.execPath, [path.join(root, 'node_modules/vite/bin/vite.js'), 'build'], { cwd: dir });
    server = spawn(process.execPath, ['--input-type=module', '-e', serveScript, path.join(dir, 'build/handler.js')], {
      cwd: dir,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { PATH: process.env.PATH ?? '' }
    });
    const port = await firstLine(server);
    return { origin: `http://127.0.0.1:${port}`, close };
  } catch (error) {
    await close();
    throw error;
  }
}

async function firstLine(child: ChildProcess): Promise<number> {
  // The app's own log (a 404 for /favicon.ico…) is kept for the one case where it explains something.
  let log = '';
  child.stderr!.on('data', (chunk: Buffer) => (log = (log + chunk.toString()).slice(-4000)));
  const exited = new Promise<never>((_, reject) =>
    child.once('exit', (code) => reject(new Error(`the built app exited with ${code} before listening:\n${log}`)))
  );
  const listening = (async () => {
    for await (const line of createInterface({ input: child.stdout! })) {
      const match = /^listening (\d+)$/.exec(line);
      if (match) return Number(match[1]);
    }
    throw new Error('the built app closed its output before listening');
  })();
  return Promise.race([listening, exited]);
}
