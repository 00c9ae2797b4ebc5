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

/** Codes of a server gone or going away: node-postgres's socket errors, then PostgreSQL's own. */
const unreachableCodes = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'EPIPE', '57P01', '57P02', '57P03', '08000', '08003', '08006']);

/**
 * Whether `error` says the server cannot be reached just now (stopped, restarting, the network),
 * rather than that a query is wrong: what a person is told to wait out, not a bug.
 */
export function isServerUnreachable(error: unknown): boolean {
  for (let cause: unknown = error, depth = 0; cause instanceof Error && depth < 5; cause = cause.cause, depth += 1) {
    const code = (cause as { code?: unknown }).code;
    if (typeof code === 'string' && unreachableCodes.has(code)) return true;
    // node-postgres says this one without a code.
    if (cause.message.startsWith('Connection terminated')) return true;
  }
  return false;
}
