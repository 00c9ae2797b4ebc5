import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
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
server.listen(Number(process.env.PORT), '127.0.0.1', () => console.log('listening ' + server.address().port));
`;

/**
 * The app as production runs it: the shared `vite build` (test/support/build-app.ts) served on
 * 127.0.0.1, its ORIGIN the address it listens on (adapter-node reads it when the handler loads,
 * so the port is chosen first). `env` adds to that, e.g. DATABASE_PATH, or WORKER=on.
 */
export async function startBuiltApp(env: Record<string, string> = {}): Promise<BuiltApp> {
  const dir = inject('builtAppDir');
  const port = await freePort();
  const server = spawn(process.execPath, ['--input-type=module', '-e', serveScript, path.join(dir, 'build/handler.js')], {
    cwd: dir,
    stdio: ['ignore', 'pipe', 'pipe'],
    // No in-process sender unless a test asks for one (WORKER=on): most only look at pages.
    env: { PATH: process.env.PATH ?? '', PORT: String(port), ORIGIN: `http://127.0.0.1:${port}`, WORKER: 'off', ...env }
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
  // 'close', not 'exit': it comes once its output is all read, so the log holds its last words.
  const exited = new Promise<never>((_, reject) =>
    child.once('close', (code) => reject(new Error(`the built app exited with ${code} before listening:\n${log}`)))
  );
  const listening = (async () => {
    for await (const line of createInterface({ input: child.stdout! })) {
      const match = /^listening (\d+)$/.exec(line);
      if (match) return Number(match[1]);
    }
    return exited;
  })();
  return Promise.race([listening, exited]);
}

/** A port nobody listens on now, picked by the system. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}
