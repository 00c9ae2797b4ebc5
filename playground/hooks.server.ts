import { building } from '$app/environment';
import { error, type Handle, type HandleServerError, type RequestEvent, type ServerInit } from '@sveltejs/kit';
import { isServerUnreachable } from '../adapters/postgres/database-error.js';
import { webhookPaths } from '../adapters/twilio/config.js';
import { clientIpHeader, isRole } from '$lib/server/auth.js';
import { bodyRefusal } from '$lib/server/body-limit.js';
import { crossSiteFormRefusal } from '$lib/server/csrf.js';
import { services, UnusableDatabase } from '$lib/server/services.js';
import { hasUsers } from '$lib/server/users.js';

const signedWebhooks: readonly string[] = [webhookPaths.status, webhookPaths.inbound];
const authPath = '/api/auth/';
const firstRunPath = '/setup';
/** Pages that mean nothing before someone can sign in; the home page and the CSV check work without. */
const needsAccount = (path: string) => path === '/sign-in' || path === '/settings' || path.startsWith('/settings/');

// Once someone exists in a database (its better-auth), the app offers no way to remove the last user: no need to ask again.
const databasesWithUsers = new WeakSet<object>();

/** Opens the database and starts the in-process worker with the server, not at the first request: a restarted app sends again by itself. */
export const init: ServerInit = async () => {
  if (building) return;
  try {
    await services();
  } catch (error) {
    // A setting to correct, not a bug: its sentence alone (never the URL, which may hold a password).
    if (!(error instanceof UnusableDatabase)) throw error;
    console.error(error.message);
    process.exit(1);
  }
};

export const handle: Handle = async ({ event, resolve }) => {
  const refusal = crossSiteFormRefusal(event.request, event.url, signedWebhooks);
  if (refusal !== null) return refusal;
  event.locals.user = null;
  if (building) return resolve(event);
  if (signedWebhooks.includes(event.url.pathname)) return bodyRefusal(event.request, event.url.pathname, false) ?? resolve(event);
  try {
    return await withAccount(event, resolve);
  } catch (problem) {
    // Thrown here, Kit shows playground/error.html with this status and sentence.
    if (isServerUnreachable(problem)) error(503, databaseDown);
    throw problem;
  }
};

/** A page or form that failed because the database went away: the person waits, nothing is lost. */
export const handleError: HandleServerError = ({ error: problem, message }) => ({ message: isServerUnreachable(problem) ? databaseDown : message });

const databaseDown = 'The database is not answering just now. Nothing is lost, and sending resumes by itself once it is back: try again in a moment.';

/** The rest of `handle`: sign-in routes, the first run, and who the request is from. */
async function withAccount(event: RequestEvent, resolve: Parameters<Handle>[0]['resolve']): Promise<Response> {
  const { auth } = await services();
  if (event.url.pathname.startsWith(authPath)) return bodyRefusal(event.request, event.url.pathname, false) ?? auth.handler(await withClientAddress(event));

  if (!databasesWithUsers.has(auth) && (await hasUsers(auth))) databasesWithUsers.add(auth);
  if (!databasesWithUsers.has(auth) && needsAccount(event.url.pathname)) return new Response(null, { status: 303, headers: { location: firstRunPath } });

  const session = await auth.api.getSession({ headers: event.request.headers });
  if (session !== null) {
    const { id, name, email, role } = session.user;
    event.locals.user = { id, name, email, role: isRole(role) ? role : null };
  }
  return bodyRefusal(event.request, event.url.pathname, event.locals.user?.role === 'admin') ?? resolve(event);
}

/** The request as better-auth should see it: the client's address from the socket, whatever the client claimed. */
async function withClientAddress(event: RequestEvent): Promise<Request> {
  const { request } = event;
  const headers = new Headers(request.headers);
  headers.set(clientIpHeader, event.getClientAddress());
  const body = request.method === 'GET' || request.method === 'HEAD' ? undefined : await request.arrayBuffer();
  return new Request(request.url, { method: request.method, headers, body });
}
