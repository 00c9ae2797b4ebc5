#!/usr/bin/env node
// `npm start`: the production build (adapter-node) on HOST/PORT, built first when it is missing
// or older than the sources, so that a fresh checkout runs with one command.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const entry = path.join(root, 'build/index.js');
const sources = ['playground', 'core', 'adapters', 'svelte.config.js', 'vite.config.ts', 'package.json'];

/** The newest modification time under `file`, in ms. */
function newest(file) {
  const stat = fs.statSync(file, { throwIfNoEntry: false });
  if (stat === undefined) return 0;
  if (!stat.isDirectory()) return stat.mtimeMs;
  let latest = stat.mtimeMs;
  for (const child of fs.readdirSync(file)) latest = Math.max(latest, newest(path.join(file, child)));
  return latest;
}

const builtAt = fs.statSync(entry, { throwIfNoEntry: false })?.mtimeMs ?? 0;
const sourcesAt = Math.max(...sources.map((source) => newest(path.join(root, source))));
if (builtAt < sourcesAt) build(builtAt === 0 ? 'Building the app (first start, a minute or two)…' : 'Sources changed since the last build: building the app…');

const host = process.env.HOST || '127.0.0.1';
const port = process.env.PORT || '3000';
// adapter-node refuses form actions without ORIGIN: the address a browser uses by default.
const origin = process.env.ORIGIN || `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${port}`;
// adapter-node refuses request bodies over 512 KiB unless told: a list may be up to 100 MiB.
const bodyLimit = process.env.BODY_SIZE_LIMIT || '110M';
// adapter-node says "Listening on http://HOST:PORT" itself once it is; only a different address for browsers needs saying.
if (origin !== `http://${host}:${port}`) console.log(`Browsers reach it at ${origin} (ORIGIN).`);
const server = spawn(process.execPath, [entry], { cwd: root, stdio: 'inherit', env: { ...process.env, HOST: host, PORT: port, ORIGIN: origin, BODY_SIZE_LIMIT: bodyLimit } });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => server.kill(signal));
server.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));

/**
 * `vite build`, its output kept back: a successful build's hundreds of lines (chunk sizes, timings,
 * warnings meant for the developers) say nothing to someone starting the app. A failed build's
 * output is printed whole, since it says why.
 */
function build(announcement) {
  console.log(announcement);
  const startedMs = Date.now();
  const result = spawnSync(process.execPath, [path.join(root, 'node_modules/vite/bin/vite.js'), 'build'], {
    cwd: root,
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
    env: { ...process.env, NO_COLOR: '1' }
  });
  if (result.status === 0) {
    console.log(`Built in ${Math.round((Date.now() - startedMs) / 1000)} s.`);
    return;
  }
  process.stderr.write(result.stdout ?? '');
  process.stderr.write(result.stderr ?? '');
  const why = result.error ? result.error.message : result.signal ? `stopped by ${result.signal}` : `vite exited with ${result.status}`;
  console.error(`The build failed (${why}); the messages above say why.`);
  process.exit(result.status || 1);
}
