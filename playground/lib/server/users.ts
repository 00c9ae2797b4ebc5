import type { Auth } from './auth.js';
import type { Services } from './services.js';

/**
 * Whether anyone can sign in yet: until then the app offers only "Create the first administrator".
 * Asked of better-auth, whose tables these are, in whichever database it is on.
 */
export async function hasUsers(auth: Auth): Promise<boolean> {
  const { internalAdapter } = await auth.$context;
  return (await internalAdapter.countTotalUsers()) > 0;
}

/**
 * The first administrator from ADMIN_EMAIL and ADMIN_PASSWORD, when both are set and nobody exists
 * yet (the first-run page is then never shown). A later start with them set changes nothing.
 */
export async function administratorFromEnv(
  services: Pick<Services, 'auth' | 'createFirstAdministrator'>,
  env: Readonly<Record<string, string | undefined>>
): Promise<boolean> {
  if (!env.ADMIN_EMAIL || !env.ADMIN_PASSWORD || (await hasUsers(services.auth))) return false;
  const result = await services.createFirstAdministrator({ name: 'Administrator', email: env.ADMIN_EMAIL, password: env.ADMIN_PASSWORD });
  return result === 'created';
}
