import { existsSync } from 'node:fs';
import { isAbsolute, relative, resolve } from 'node:path';
import type Database from 'better-sqlite3';
import { DatabaseFileError, openSqliteDatabase } from '../sqlite/index.js';
import { InputError } from './errors.js';

export const defaultDatabasePath = './data/proactive-sms.db';

/**
 * The database a command works on: `--db`, else DATABASE_URL, else DATABASE_PATH, else
 * ./data/proactive-sms.db, as a full path. Only SQLite files are supported so far.
 */
export function databasePath(option: string | undefined, env: Readonly<Record<string, string | undefined>>, cwd: string): string {
  const given: Array<[string, string | undefined]> = [
    ['--db', option],
    ['DATABASE_URL', env.DATABASE_URL],
    ['DATABASE_PATH', env.DATABASE_PATH]
  ];
  const [source, value] = given.find(([, text]) => text !== undefined && text.trim() !== '') ?? ['default', defaultDatabasePath];
  const text = (value ?? defaultDatabasePath).trim();
  if (/^postgres(ql)?:/i.test(text)) {
    throw new InputError(source, 'PostgreSQL is not supported yet', 'give the path of an SQLite database file (--db or DATABASE_PATH)');
  }
  const path = text.replace(/^(file|sqlite):(\/\/)?/i, '');
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(path)) throw new InputError(source, `"${text}" is not a database this version can use`, 'give the path of an SQLite database file');
  return resolve(cwd, path);
}

/** The path as a person would want it printed: relative to where they are, unless that climbs out of it. */
export function shownPath(path: string, cwd: string): string {
  const near = relative(cwd, path);
  return near === '' || near.startsWith('..') || isAbsolute(near) ? path : near;
}

/**
 * Opens the database for a command and closes it after `use`; a file that cannot be used (not a
 * database, too new, read-only, a full disk) becomes the one-sentence InputError naming it.
 */
export async function withDatabase<T>(path: string, options: { readonly?: boolean }, use: (db: Database.Database) => Promise<T>): Promise<T> {
  if (options.readonly === true && !existsSync(path)) throw new InputError(path, 'no such database', '"proactive-sms import" creates it');
  let db: Database.Database;
  try {
    db = openSqliteDatabase(path, options);
  } catch (error) {
    throw asInputError(error);
  }
  try {
    return await use(db);
  } catch (error) {
    throw asInputError(error);
  } finally {
    db.close();
  }
}

/** A DatabaseFileError's sentence in the CLI's voice, `<file>: <what is wrong>`. */
function asInputError(error: unknown): unknown {
  if (!(error instanceof DatabaseFileError)) return error;
  const prefix = `${error.path} `;
  return error.message.startsWith(prefix) ? new InputError(error.path, error.message.slice(prefix.length)) : new InputError('database', error.message);
}
