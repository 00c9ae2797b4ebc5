import { sql, type Kysely } from 'kysely';
import type { AppTables } from './app-tables.js';
import type { Auth } from './auth.js';

export interface FirstAdministrator {
  name: string;
  email: string;
  password: string;
}

/** `taken`: someone else holds the place, whether their account is made yet or a moment from it. */
export type FirstAdministratorResult = 'created' | 'taken';

/**
 * A claim standing this long with nobody created was left by a process that died between claiming
 * and creating (creating takes well under a second): a later person may take the place over.
 */
export const abandonedClaimMs = 60_000;

/**
 * Creates the first administrator, at most once per database however many people submit at the
 * same moment, in this process or another app server on the same database. A check of "nobody
 * exists yet" followed by a create would let two through (the account is made after an awaited
 * password hash); instead the place is claimed first by inserting the one row a primary key allows
 * (table `app_first_administrator`, made by `createAppTables`), and only the claimer creates the
 * account. A failed create gives the place back.
 */
export async function createFirstAdministrator(auth: Auth, tables: Kysely<AppTables>, user: FirstAdministrator, nowMs: number): Promise<FirstAdministratorResult> {
  await sql`DELETE FROM app_first_administrator WHERE claimed_at_ms <= ${nowMs - abandonedClaimMs} AND NOT EXISTS (SELECT 1 FROM "user")`.execute(tables);
  const claimed = await sql`INSERT INTO app_first_administrator (only_one, email, claimed_at_ms)
    SELECT 1, ${user.email}, ${nowMs} WHERE NOT EXISTS (SELECT 1 FROM "user") ON CONFLICT DO NOTHING`.execute(tables);
  if (Number(claimed.numAffectedRows ?? 0n) === 0) return 'taken';
  try {
    await auth.api.createUser({ body: { name: user.name, email: user.email, password: user.password, role: 'admin' } });
  } catch (error) {
    await tables.deleteFrom('app_first_administrator').where('email', '=', user.email).where('claimed_at_ms', '=', nowMs).execute();
    throw error;
  }
  return 'created';
}
