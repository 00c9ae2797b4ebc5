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
if (builtAt < sourcesAt) {
  console.log(builtAt === 0 ? 'Building the app (first start)…' : 'Sources changed since the last build: building the app…');
  const build = spawnSync(process.execPath, [path.join(root, 'node_modules/vite/bin/vite.js'), 'build'], { cwd: root, stdio: 'inherit' });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

const host = process.env.HOST || '127.0.0.1';
const port = process.env.PORT || '3000';
// adapter-node refuses form actions without ORIGIN: the address a browser uses by default.
const origin = process.env.ORIGIN || `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${port}`;
// adapter-node refuses request bodies over 512 KiB unless told: a list may be up to 100 MiB.
const bodyLimit = process.env.BODY_SIZE_LIMIT || '110M';
const server = spawn(process.execPath, [entry], { cwd: root, stdio: 'inherit', env: { ...process.env, HOST: host, PORT: port, ORIGIN: origin, BODY_SIZE_LIMIT: bodyLimit } });
console.log(`proactive-sms on ${origin}`);
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => server.kill(signal));
server.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
