#!/usr/bin/env node
// The CLI is TypeScript compiled to dist/ by `npm run build:cli` (run by `npm ci` through `prepare`).
import { main } from '../dist/adapters/cli/main.js';

process.exitCode = await main(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  cwd: process.cwd(),
  isTTY: Boolean(process.stdout.isTTY)
});
