import { existsSync } from 'node:fs';
import { openDatabase, type OpenDatabase } from '../database/open.js';
import { chooseDatabase, type DatabaseTarget } from '../database/target.js';
import { PostgresDatabaseError } from '../postgres/database-error.js';
import { DatabaseFileError } from '../sqlite/index.js';
import { InputError } from './errors.js';

export { defaultDatabasePath, shownDatabase } from '../database/target.js';

/**
 * The database a command works on: `--db`, else DATABASE_URL, else DATABASE_PATH, else
 * ./data/proactive-sms.db; an SQLite file (as a full path) or a PostgreSQL URL.
 */
export function databaseTarget(option: string | undefined, env: Readonly<Record<string, string | undefined>>, cwd: string): DatabaseTarget {
  const choice = chooseDatabase(option, env, cwd);
  if (!choice.ok) throw InputError.saying(choice.message);
  return choice.target;
}

/**
 * Opens the database for a command and closes it after `use`; one that cannot be used (a file
 * that is not a database, too new, read-only, a full disk; a server that does not answer, refuses
 * the password, has no such database) becomes the one-sentence InputError naming it.
 */
export async function withDatabase<T>(target: DatabaseTarget, options: { readonly?: boolean }, use: (opened: OpenDatabase) => Promise<T>): Promise<T> {
  if (target.kind === 'sqlite' && options.readonly === true && !existsSync(target.path)) {
    throw new InputError(target.path, 'no such database', '"proactive-sms import" creates it');
  }
  let opened: OpenDatabase;
  try {
    opened = await openDatabase(target, options);
  } catch (error) {
    throw asInputError(error);
  }
  try {
    return await use(opened);
  } catch (error) {
    throw asInputError(error);
  } finally {
    await opened.close();
  }
}

/** A database's own one-sentence error in the CLI's voice: `<file>: <what is wrong>`, or the server's sentence as it is. */
function asInputError(error: unknown): unknown {
  if (error instanceof PostgresDatabaseError) return InputError.saying(error.message);
  if (!(error instanceof DatabaseFileError)) return error;
  const prefix = `${error.path} `;
  return error.message.startsWith(prefix) ? new InputError(error.path, error.message.slice(prefix.length)) : new InputError('database', error.message);
}
