import { error, redirect } from '@sveltejs/kit';

interface Guarded {
  locals: App.Locals;
  url: URL;
}

/**
 * Every load, action and endpoint under /settings starts here: a visitor is sent to sign in (and
 * back afterwards), anyone but an Administrator gets 403.
 */
export function requireAdmin({ locals, url }: Guarded): NonNullable<App.Locals['user']> {
  if (locals.user === null) redirect(303, `/sign-in?next=${encodeURIComponent(url.pathname + url.search)}`);
  if (locals.user.role !== 'admin') error(403, 'Only an Administrator may see or change campaigns and users.');
  return locals.user;
}

/**
 * A `next` parameter, kept only when it is a path of this app (never another site). Read as a
 * browser reads it: `/\evil.example` and `/<tab>/evil.example` mean `//evil.example` to a browser,
 * so a prefix check is not enough.
 */
export function safeNext(next: string | null, fallback: string): string {
  if (next === null || !next.startsWith('/')) return fallback;
  const here = 'http://app.invalid';
  let url: URL;
  try {
    url = new URL(next, here);
  } catch {
    return fallback;
  }
  return url.origin === here ? url.pathname + url.search + url.hash : fallback;
}
