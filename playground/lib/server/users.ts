import type Database from 'better-sqlite3';
import { z } from 'zod';
import type { Auth, Role } from './auth.js';

/** Whether anyone can sign in yet: until then the app offers only "Create the first administrator". */
export function hasUsers(db: Database.Database): boolean {
  const row = z.object({ n: z.number() }).parse(db.prepare('SELECT count(*) AS n FROM user').get());
  return row.n > 0;
}

export interface NewUser {
  name: string;
  email: string;
  password: string;
  role: Role;
}

/** Server-side creation (no session): only for the first administrator. */
export async function createFirstUser(auth: Auth, user: NewUser): Promise<void> {
  await auth.api.createUser({ body: { name: user.name, email: user.email, password: user.password, role: user.role } });
}

/**
 * The first administrator from ADMIN_EMAIL and ADMIN_PASSWORD, when both are set and nobody exists
 * yet (the first-run page is then never shown). A later start with them set changes nothing.
 */
export async function administratorFromEnv(auth: Auth, db: Database.Database, env: Readonly<Record<string, string | undefined>>): Promise<boolean> {
  if (hasUsers(db) || !env.ADMIN_EMAIL || !env.ADMIN_PASSWORD) return false;
  await createFirstUser(auth, { name: 'Administrator', email: env.ADMIN_EMAIL, password: env.ADMIN_PASSWORD, role: 'admin' });
  return true;
}
