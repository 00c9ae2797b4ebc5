import type { Auth, Role } from './auth.js';

/**
 * Whether anyone can sign in yet: until then the app offers only "Create the first administrator".
 * Asked of better-auth, whose tables these are, in whichever database it is on.
 */
export async function hasUsers(auth: Auth): Promise<boolean> {
  const { internalAdapter } = await auth.$context;
  return (await internalAdapter.countTotalUsers()) > 0;
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
export async function administratorFromEnv(auth: Auth, env: Readonly<Record<string, string | undefined>>): Promise<boolean> {
  if (!env.ADMIN_EMAIL || !env.ADMIN_PASSWORD || (await hasUsers(auth))) return false;
  await createFirstUser(auth, { name: 'Administrator', email: env.ADMIN_EMAIL, password: env.ADMIN_PASSWORD, role: 'admin' });
  return true;
}
