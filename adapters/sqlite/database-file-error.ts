import Database from 'better-sqlite3';

/**
 * The database file cannot be used as it is: one sentence naming the file and what to do. The
 * CLI maps it to exit 2. Whatever was committed before it is still in the file.
 */
export class DatabaseFileError extends Error {
  override readonly name = 'DatabaseFileError';

  constructor(
    readonly path: string,
    message: string,
    options?: { cause?: unknown }
  ) {
    super(message, options);
  }
}

/** SQLite's primary result codes (extended codes start with these) that say the file is the problem. */
const fileProblems: ReadonlyArray<readonly [prefix: string, sentence: (path: string) => string]> = [
  ['SQLITE_NOTADB', (path) => `${path} is not a SQLite database (or its header is damaged) and was left as it was; give the path of a proactive-sms database, or a new file name to start one.`],
  ['SQLITE_CORRUPT', (path) => `${path} is damaged (SQLite reports it corrupt); restore it from a backup.`],
  ['SQLITE_READONLY', (path) => `${path} is read-only: proactive-sms must write to it and to its folder (check their permissions).`],
  ['SQLITE_FULL', (path) => `The disk holding ${path} is full: the last change was not saved, everything saved before it is kept.`],
  ['SQLITE_CANTOPEN', (path) => `${path} cannot be opened (check that its folder exists and can be written to).`],
  ['SQLITE_IOERR', (path) => `${path} could not be read or written (an I/O error: a failing disk, or one that is full); the last change was not saved.`],
  ['SQLITE_PERM', (path) => `${path} may not be accessed by this process (check its permissions).`]
];

/**
 * The DatabaseFileError an SQLite error stands for, or the error itself when it is not about the
 * file (a constraint, a programming error).
 */
export function asDatabaseFileError(error: unknown, path: string): unknown {
  if (!(error instanceof Database.SqliteError)) return error;
  const found = fileProblems.find(([prefix]) => error.code === prefix || error.code.startsWith(`${prefix}_`));
  return found === undefined ? error : new DatabaseFileError(path, found[1](path), { cause: error });
}
