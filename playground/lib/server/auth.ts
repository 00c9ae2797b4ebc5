import { betterAuth } from 'better-auth';
import { getMigrations } from 'better-auth/db/migration';
import { admin } from 'better-auth/plugins';
import { adminAc, userAc } from 'better-auth/plugins/admin/access';
import type { AppDatabase } from './app-tables.js';

/** better-auth's role names; the screens call them Administrator and Agent. */
export const roles = { admin: 'Administrator', agent: 'Agent' } as const;
export type Role = keyof typeof roles;
export const isRole = (value: unknown): value is Role => typeof value === 'string' && Object.hasOwn(roles, value);

/**
 * The header through which hooks.server.ts hands better-auth the client's address for rate
 * limiting. It is always overwritten from the socket, never taken from the client.
 */
export const clientIpHeader = 'x-proactive-sms-client-ip';

export interface AuthOptions {
  /** Where its tables live: the store's database, SQLite or PostgreSQL (better-auth takes either connection as it is). */
  database: AppDatabase;
  secret: string;
  /** The address browsers use, e.g. http://127.0.0.1:3000: cookies and origin checks follow it. */
  baseURL: string;
}

export function createAuth({ database, secret, baseURL }: AuthOptions) {
  return betterAuth({
    database: database.kind === 'sqlite' ? database.db : database.pool,
    secret,
    baseURL,
    telemetry: { enabled: false },
    // Nobody signs up: the first administrator is made on first run, the rest by administrators.
    emailAndPassword: { enabled: true, disableSignUp: true, minPasswordLength: 8 },
    plugins: [admin({ defaultRole: 'agent', adminRoles: ['admin'], roles: { admin: adminAc, agent: userAc } })],
    rateLimit: {
      enabled: true,
      storage: 'memory',
      window: 60,
      max: 100,
      customRules: { '/sign-in/email': { window: 60, max: 10 } }
    },
    advanced: { ipAddress: { ipAddressHeaders: [clientIpHeader] } }
  });
}

export type Auth = ReturnType<typeof createAuth>;

/** Creates or completes better-auth's own tables (user, session, account, verification), with its own migrations. */
export async function migrateAuth(auth: Auth): Promise<void> {
  const { runMigrations } = await getMigrations(auth.options);
  await runMigrations();
}
