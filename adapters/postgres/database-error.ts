/**
 * The PostgreSQL database cannot be used as it is: one sentence naming the database and what to
 * do (the SQLite store's DatabaseFileError, for a server). The CLI maps it to exit 2.
 */
export class PostgresDatabaseError extends Error {
  override readonly name = 'PostgresDatabaseError';

  constructor(
    /** The database, as `host:port/name`: never the password. */
    readonly database: string,
    message: string,
    options?: { cause?: unknown }
  ) {
    super(message, options);
  }
}
