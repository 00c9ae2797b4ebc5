import type { Auth } from './auth.js';

/** Why a stream opened by an Administrator must end: signed out (or expired), or no longer an Administrator. */
export type SessionEnd = 'signed_out' | 'not_admin';

/**
 * Looks again at the session a long-lived request was opened with. Its answer is read from the
 * database, never from a cookie cache, and the look does not extend the session: an open page
 * must not keep a session alive that its person has left.
 */
export async function adminSessionEnd(auth: Auth, headers: Headers): Promise<SessionEnd | null> {
  const session = await auth.api.getSession({ headers, query: { disableCookieCache: true, disableRefresh: true } });
  if (session === null) return 'signed_out';
  return session.user.role === 'admin' ? null : 'not_admin';
}
