import type pg from 'pg';

/**
 * Runs `work` in one transaction on a connection of its own, committed when it returns and rolled
 * back when it throws. When PostgreSQL ends it to break a deadlock (two transactions each waiting
 * for a row the other holds: rare, e.g. a campaign deleted while one of its sends finishes), it is
 * run again from the start: the server rolled it back whole, so nothing of it happened. Any other
 * failure, a lost connection included (its COMMIT may or may not have happened), is the caller's.
 * A connection that could not even roll back is thrown out of the pool rather than handed on.
 */
export async function inTransaction<T>(pool: pg.Pool, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  return againIfRolledBack(() => onceInTransaction(pool, work));
}

/**
 * Runs `once` (a transaction, or one statement that is a transaction of its own) again from the
 * start when the server ended it to break a deadlock, as `inTransaction` does.
 */
export async function againIfRolledBack<T>(once: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await once();
    } catch (error) {
      if (attempt >= maxAttempts || !rolledBackByServer(error)) throw error;
    }
  }
}

// ---------------------------------------------------------------------------------------------

const maxAttempts = 5;

/** SQLSTATEs with which the server ends a transaction it rolled back whole, safe to run again. */
const retryable = new Set(['40P01' /* deadlock_detected */, '40001' /* serialization_failure */]);

function rolledBackByServer(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && retryable.has(code);
}

async function onceInTransaction<T>(pool: pg.Pool, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  let broken: Error | undefined;
  // A connection lost while checked out (a server restart) is reported on the client as well as
  // failing the query under way: without a listener node-postgres's 'error' would end the process.
  // The query's own failure is what the caller hears; the connection is thrown away on release.
  const lost = (error: Error) => {
    broken ??= error;
  };
  client.on('error', lost);
  try {
    await client.query('BEGIN');
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    try {
      await client.query('ROLLBACK');
    } catch (rollbackError) {
      broken = rollbackError instanceof Error ? rollbackError : new Error(String(rollbackError));
    }
    throw error;
  } finally {
    client.removeListener('error', lost);
    client.release(broken);
  }
}
