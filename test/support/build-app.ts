import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A production build of the app (adapter-node output in `build/`), shared by the test files that serve it. */
    builtAppDir: string;
  }
}

const root = path.resolve(import.meta.dirname, '../..');

/**
 * Global setup of the "built-app" test project: `vite build` once for every test file that needs
 * the app as production runs it (vitest calls this only when one of them is queued). Built in a
 * copy of the tree so that it never races a build of the shared work tree.
 */
export default async function buildApp(project: TestProject): Promise<() => void> {
  const dir = copyOfAppSources('proactive-sms-build-');
  try {
    await promisify(execFile)(process.execPath, [path.join(root, 'node_modules/vite/bin/vite.js'), 'build'], { cwd: dir });
  } catch (error) {
    fs.rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  project.provide('builtAppDir', dir);
  return () => fs.rmSync(dir, { recursive: true, force: true });
}

/**
 * A fresh copy of what builds and starts the app (sources, configs, `bin/`), never built, in a new
 * temporary folder; `node_modules` is linked, not copied. The caller removes the folder.
 */
export function copyOfAppSources(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  for (const entry of ['package.json', 'svelte.config.js', 'vite.config.ts', 'tsconfig.json', 'tsconfig.base.json', 'playground', 'adapters', 'core', 'bin']) {
    fs.cpSync(path.join(root, entry), path.join(dir, entry), { recursive: true });
  }
  fs.symlinkSync(path.join(root, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
  return dir;
}
