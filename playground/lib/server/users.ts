import type Database from 'better-sqlite3';
import { z } from 'zod';
import type { Auth } from './auth.js';
import { createFirstAdministrator } from './first-administrator.js';

/** Whether anyone can sign in yet: until then the app offers only "Create the first administrator". */
export function hasUsers(db: Database.Database): boolean {
  const row = z.object({ n: z.number() }).parse(db.prepare('SELECT count(*) AS n FROM user').get());
  return row.n > 0;
}

/**
 * The first administrator from ADMIN_EMAIL and ADMIN_PASSWORD, when both are set and nobody exists
 * yet (the first-run page is then never shown). A later start with them set changes nothing.
 */
export async function administratorFromEnv(auth: Auth, db: Database.Database, env: Readonly<Record<string, string | undefined>>, nowMs: number): Promise<boolean> {
  if (hasUsers(db) || !env.ADMIN_EMAIL || !env.ADMIN_PASSWORD) return false;
  return (await createFirstAdministrator(auth, db, { name: 'Administrator', email: env.ADMIN_EMAIL, password: env.ADMIN_PASSWORD }, nowMs)) === 'created';
}
