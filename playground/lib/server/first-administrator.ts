import type Database from 'better-sqlite3';
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
 * same moment, in this process or another. A check of "nobody exists yet" followed by a create
 * would let two through (the account is made after an awaited password hash); instead the place is
 * claimed first by inserting the one row a primary key allows, and only the claimer creates the
 * account. A failed create gives the place back.
 */
export async function createFirstAdministrator(auth: Auth, db: Database.Database, user: FirstAdministrator, nowMs: number): Promise<FirstAdministratorResult> {
  // Plain SQL that PostgreSQL reads the same way (BIGINT: epoch milliseconds overflow its INTEGER).
  db.exec(`CREATE TABLE IF NOT EXISTS app_first_administrator (
    only_one INTEGER PRIMARY KEY CHECK (only_one = 1),
    email TEXT NOT NULL,
    claimed_at_ms BIGINT NOT NULL
  )`);
  db.prepare(`DELETE FROM app_first_administrator WHERE claimed_at_ms <= ? AND NOT EXISTS (SELECT 1 FROM "user")`).run(nowMs - abandonedClaimMs);
  const claimed = db
    .prepare(`INSERT INTO app_first_administrator (only_one, email, claimed_at_ms) SELECT 1, ?, ? WHERE NOT EXISTS (SELECT 1 FROM "user") ON CONFLICT DO NOTHING`)
    .run(user.email, nowMs);
  if (claimed.changes === 0) return 'taken';
  try {
    await auth.api.createUser({ body: { name: user.name, email: user.email, password: user.password, role: 'admin' } });
  } catch (error) {
    db.prepare('DELETE FROM app_first_administrator WHERE email = ? AND claimed_at_ms = ?').run(user.email, nowMs);
    throw error;
  }
  return 'created';
}
