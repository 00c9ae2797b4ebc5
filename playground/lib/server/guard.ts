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

/** A `next` parameter, kept only when it is a path of this app (never another site). */
export function safeNext(next: string | null, fallback: string): string {
  return next !== null && next.startsWith('/') && !next.startsWith('//') ? next : fallback;
}
