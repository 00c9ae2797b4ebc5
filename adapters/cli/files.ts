import { readdirSync, readFileSync } from 'node:fs';
import { basename, dirname } from 'node:path';
import { closestWord } from '../../core/text/closest.js';

/** The file's bytes, or why it cannot be read (see fileProblem). */
export function readFile(fullPath: string): Uint8Array | string {
  try {
    return readFileSync(fullPath);
  } catch (error) {
    return fileProblem(fullPath, error);
  }
}

/** Why a file cannot be read, as the second half of an error line; names the file likely meant. */
export function fileProblem(fullPath: string, error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') {
    const meant = closestWord(basename(fullPath), siblings(dirname(fullPath)));
    return meant === null ? 'no such file; check the path' : `no such file; did you mean ${meant}?`;
  }
  if (code === 'EISDIR') return 'is a folder, not a file';
  if (code === 'EACCES' || code === 'EPERM') return 'cannot be read; check its permissions';
  return `cannot be read (${code ?? (error instanceof Error ? error.message : String(error))})`;
}

function siblings(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}
