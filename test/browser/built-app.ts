import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { inject } from 'vitest';

export interface BuiltApp {
  origin: string;
  close(): Promise<void>;
}

// adapter-node's handler served on a port the system picks, which the child prints: no port is
// guessed, and the first line proves the app is listening.
const serveScript = `
import http from 'node:http';
const { handler } = await import(process.argv[1]);
const server = http.createServer(handler);
server.listen(0, '127.0.0.1', () => console.log('listening ' + server.address().port));
`;

/** The app as production runs it: the shared `vite build` (test/support/build-app.ts) served on 127.0.0.1. */
export async function startBuiltApp(): Promise<BuiltApp> {
  const dir = inject('builtAppDir');
  const server = spawn(process.execPath, ['--input-type=module', '-e', serveScript, path.join(dir, 'build/handler.js')], {
    cwd: dir,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { PATH: process.env.PATH ?? '' }
  });
  const close = async () => {
    if (server.exitCode === null) {
      const exited = new Promise((resolve) => server.once('exit', resolve));
      server.kill('SIGTERM');
      await exited;
    }
  };
  try {
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
