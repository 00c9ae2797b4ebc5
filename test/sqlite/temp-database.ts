import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A fresh folder for database files, removed by `remove`. */
export function tempFolder(): { folder: string; file(name?: string): string; remove(): void } {
  const folder = mkdtempSync(join(tmpdir(), 'proactive-sms-sqlite-'));
  return {
    folder,
    file: (name = 'store.db') => join(folder, name),
    remove: () => rmSync(folder, { recursive: true, force: true })
  };
}
