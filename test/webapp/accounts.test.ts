import Database from 'better-sqlite3';
import { beforeEach, describe, expect, it } from 'vitest';
import { handle } from '../../playground/hooks.server.js';
import type { Services } from '../../playground/lib/server/services.js';
import { administratorFromEnv, hasUsers } from '../../playground/lib/server/users.js';
import * as setupPage from '../../playground/routes/setup/+page.server.js';
import * as signInPage from '../../playground/routes/sign-in/+page.server.js';
import * as signOutPage from '../../playground/routes/sign-out/+page.server.js';
import * as usersPage from '../../playground/routes/settings/users/+page.server.js';
import { admin, agent, form, freshServices, memoryCookies, origin, outcome, requestEvent, standingClock } from './harness.js';

// First run, sign-in and the Users page, on better-auth with its admin plugin over SQLite, and
// the hook that turns a session cookie into the user of the request.

const clock = standingClock('2026-12-14T14:00:00Z');
let services: Services;
let database: Database.Database;

beforeEach(async () => {
  clock.set('2026-12-14T14:00:00Z');
  database = new Database(':memory:');
  services = await freshServices(clock, undefined, database);
});

const createFirst = (fields: Record<string, string>) => {
  const event = requestEvent({ path: '/setup?/create', user: null, form: form(fields) }) as { cookies: ReturnType<typeof memoryCookies> };
  return { event, result: outcome(() => setupPage.actions.create!(event as never)) };
};

/** Signs in through the page's action and returns the cookie header a browser would send next. */
async function signInAs(email: string, password: string): Promise<string> {
  const event = requestEvent({ path: '/sign-in?/signIn', user: null, form: form({ email, password }) }) as { cookies: ReturnType<typeof memoryCookies> };
  expect(await outcome(() => signInPage.actions.signIn!(event as never))).toMatchObject({ kind: 'redirect', location: '/settings/proactive-sms' });
  return [...event.cookies.jar].map(([name, value]) => `${name}=${encodeURIComponent(value)}`).join('; ');
}

/** Runs the app's hook on a request and returns who it resolved, or its own answer. */
async function throughHook(path: string, cookie: string) {
  const event = requestEvent({ path, user: null, headers: { cookie } }) as { locals: App.Locals };
  let resolved = false;
  const response = await handle({ event: event as never, resolve: async () => ((resolved = true), new Response('page')) });
  return { user: event.locals.user, resolved, response };
}

describe('first run', () => {
  it('offers "Create the first administrator" until someone exists, then signs them in and is gone', async () => {
    expect(await outcome(() => setupPage.load(requestEvent({ path: '/setup', user: null }) as never))).toEqual({ kind: 'value', value: undefined });
    const { event, result } = createFirst({ name: 'Ada', email: 'Ada@Example.com', password: 'correct horse' });
    expect(await result).toMatchObject({ kind: 'redirect', location: '/settings/proactive-sms' });
    expect(await hasUsers(services.auth)).toBe(true);
    expect([...event.cookies.jar.keys()].some((name) => name.includes('session_token'))).toBe(true);

    expect(await outcome(() => setupPage.load(requestEvent({ path: '/setup', user: null }) as never))).toMatchObject({ kind: 'redirect', location: '/sign-in' });
    const again = createFirst({ name: 'Eve', email: 'eve@example.com', password: 'another one' });
    expect(await again.result).toMatchObject({ kind: 'redirect', location: '/sign-in' });
    const { users } = await services.auth.api.listUsers({ query: {}, headers: new Headers({ cookie: await signInAs('ada@example.com', 'correct horse'), origin }) });
    expect(users.map((user) => [user.email, user.role])).toEqual([['ada@example.com', 'admin']]);
  });

  it('lets only one of two people who submit "Create the first administrator" at the same moment become one', async () => {
    const ada = createFirst({ name: 'Ada', email: 'ada@example.com', password: 'correct horse' });
    const eve = createFirst({ name: 'Eve', email: 'eve@example.com', password: 'another one' });
    const results = await Promise.all([ada.result, eve.result]);
    const admins = database.prepare(`SELECT email FROM "user" WHERE role = 'admin'`).all();
    expect(admins).toHaveLength(1);
    expect(results.filter((result) => result.kind === 'redirect')).toEqual([{ kind: 'redirect', status: 303, location: '/settings/proactive-sms' }]);
    expect(results.filter((result) => result.kind !== 'redirect')).toEqual([
      { kind: 'fail', status: 409, data: expect.objectContaining({ issues: { form: 'Someone else has just created the first administrator: ask them to add you under Settings › Users.' } }) }
    ]);
  });

  it('gives the place back when creating fails, and lets a later person take over a claim whose process died', async () => {
    await expect(services.createFirstAdministrator({ name: 'Ada', email: 'not an email', password: 'correct horse' })).rejects.toThrow();
    expect(database.prepare('SELECT count(*) AS n FROM app_first_administrator').get()).toEqual({ n: 0 });

    // A process that died between claiming the place and creating the account.
    database.prepare('INSERT INTO app_first_administrator (only_one, email, claimed_at_ms) VALUES (1, ?, ?)').run('ghost@example.com', clock.nowMs());
    expect(await createFirst({ name: 'Eve', email: 'eve@example.com', password: 'another one' }).result).toMatchObject({ kind: 'fail', status: 409 });
    clock.set('2026-12-14T14:01:00Z');
    expect(await createFirst({ name: 'Eve', email: 'eve@example.com', password: 'another one' }).result).toMatchObject({ kind: 'redirect', location: '/settings/proactive-sms' });
  });

  it('takes the first administrator from ADMIN_EMAIL and ADMIN_PASSWORD instead, once', async () => {
    const env = { ADMIN_EMAIL: 'ops@example.com', ADMIN_PASSWORD: 'from the environment' };
    expect(await administratorFromEnv(services, { ADMIN_EMAIL: 'ops@example.com' })).toBe(false);
    expect(await administratorFromEnv(services, env)).toBe(true);
    expect(await administratorFromEnv(services, env)).toBe(false);
    const cookie = await signInAs('ops@example.com', 'from the environment');
    expect((await throughHook('/settings/proactive-sms', cookie)).user).toMatchObject({ email: 'ops@example.com', role: 'admin' });
  });

  it('answers a short password and a bad email next to their fields', async () => {
    const { result } = createFirst({ name: 'Ada', email: 'ada', password: 'short' });
    expect(await result).toMatchObject({
      kind: 'fail',
      status: 400,
      data: { issues: { email: 'Enter an email address such as ada@example.com.', password: 'Use at least 8 characters.' } }
    });
    expect(await hasUsers(services.auth)).toBe(false);
  });

  it('sends every page but the home page and the CSV check to the first-run page while nobody exists', async () => {
    for (const path of ['/settings/proactive-sms', '/sign-in']) {
      const { response, resolved } = await throughHook(path, '');
      expect(resolved, path).toBe(false);
      expect([response.status, response.headers.get('location')], path).toEqual([303, '/setup']);
    }
    for (const path of ['/', '/lists/import', '/setup']) expect((await throughHook(path, '')).resolved, path).toBe(true);
  });
});

describe('sign-in and roles', () => {
  beforeEach(async () => {
    await createFirst({ name: 'Ada', email: 'ada@example.com', password: 'correct horse' }).result;
  });

  it('resolves the session into locals once per request, with the role', async () => {
    const cookie = await signInAs('ada@example.com', 'correct horse');
    const { user, resolved } = await throughHook('/settings/proactive-sms', cookie);
    expect(resolved).toBe(true);
    expect(user).toMatchObject({ email: 'ada@example.com', name: 'Ada', role: 'admin' });
    expect((await throughHook('/settings/proactive-sms', 'better-auth.session_token=forged')).user).toBeNull();
  });

  it('takes a person back to the page they asked for, and never to another site', async () => {
    const signIn = (next: string) => {
      const event = requestEvent({ path: '/sign-in?/signIn', user: null, form: form({ email: 'ada@example.com', password: 'correct horse', next }) });
      return outcome(() => signInPage.actions.signIn!(event as never));
    };
    expect(await signIn('/settings/users')).toMatchObject({ kind: 'redirect', location: '/settings/users' });
    expect(await signIn('/\\evil.example')).toMatchObject({ kind: 'redirect', location: '/settings/proactive-sms' });
  });

  it('signs out: the session ends on the server, not only in the browser', async () => {
    const cookie = await signInAs('ada@example.com', 'correct horse');
    const event = requestEvent({ path: '/sign-out?/signOut', user: null, form: form({}), headers: { cookie } }) as { cookies: ReturnType<typeof memoryCookies> };
    expect(await outcome(() => signOutPage.actions.signOut!(event as never))).toMatchObject({ kind: 'redirect', location: '/sign-in' });
    expect([...event.cookies.jar].filter(([name]) => name.includes('session_token'))).toEqual([['better-auth.session_token', '']]);
    expect((await throughHook('/settings/proactive-sms', cookie)).user).toBeNull();
  });

  it('refuses a wrong password without saying which part was wrong', async () => {
    const event = requestEvent({ path: '/sign-in?/signIn', user: null, form: form({ email: 'ada@example.com', password: 'wrong horse' }) });
    expect(await outcome(() => signInPage.actions.signIn!(event))).toMatchObject({
      kind: 'fail',
      status: 400,
      data: { email: 'ada@example.com', issues: { form: 'That email and password do not match an account.' } }
    });
  });

  it('rate-limits sign-in attempts from one address: ten a minute, the first administrator’s own included', async () => {
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 12; attempt += 1) {
      const event = requestEvent({ path: '/sign-in?/signIn', user: null, form: form({ email: 'ada@example.com', password: `guess ${attempt}` }) });
      const result = await outcome(() => signInPage.actions.signIn!(event));
      statuses.push((result as { status: number }).status);
    }
    expect(statuses).toEqual([...Array<number>(9).fill(400), 429, 429, 429]);
  });

  it('lets an Administrator add an Agent, who can sign in but is refused the Users page', async () => {
    const adminCookie = await signInAs('ada@example.com', 'correct horse');
    const withCookie = (cookie: string, user: typeof admin, fields?: Record<string, string>) =>
      requestEvent({ path: '/settings/users?/add', user, headers: { cookie }, ...(fields ? { form: form(fields) } : {}) });
    const added = await outcome(() => usersPage.actions.add!(withCookie(adminCookie, admin, { name: 'Bob', email: 'bob@example.com', password: 'agent password', role: 'agent' })));
    expect(added).toEqual({ kind: 'value', value: { action: 'add', added: 'bob@example.com' } });
    const taken = await outcome(() => usersPage.actions.add!(withCookie(adminCookie, admin, { name: 'Bob', email: 'bob@example.com', password: 'agent password', role: 'agent' })));
    expect(taken).toMatchObject({ kind: 'fail', status: 400, data: { issues: { email: 'Someone already has this email.' } } });
    const badRole = await outcome(() => usersPage.actions.add!(withCookie(adminCookie, admin, { name: 'Cy', email: 'cy@example.com', password: 'agent password', role: 'owner' })));
    expect(badRole).toMatchObject({ kind: 'fail', status: 400, data: { issues: { role: 'Choose Administrator or Agent.' } } });

    const agentCookie = await signInAs('bob@example.com', 'agent password');
    const agentUser = (await throughHook('/settings/users', agentCookie)).user;
    expect(agentUser).toMatchObject({ email: 'bob@example.com', role: 'agent' });
    expect(await outcome(() => usersPage.load(withCookie(agentCookie, agentUser)))).toMatchObject({ kind: 'error', status: 403 });
    expect(await outcome(() => usersPage.actions.add!(withCookie(agentCookie, agent, { name: 'X', email: 'x@example.com', password: 'whatever1', role: 'admin' })))).toMatchObject({ kind: 'error', status: 403 });

    const { users } = (await usersPage.load(withCookie(adminCookie, admin))) as { users: { id: string; email: string; role: string }[] };
    expect(users.map((user) => [user.email, user.role])).toEqual([['ada@example.com', 'admin'], ['bob@example.com', 'agent']]);
    const bob = users.find((user) => user.email === 'bob@example.com')!;
    const promoted = await outcome(() => usersPage.actions.setRole!(withCookie(adminCookie, admin, { userId: bob.id, role: 'admin' })));
    expect(promoted).toEqual({ kind: 'value', value: { action: 'setRole', changed: bob.id } });
    expect((await throughHook('/settings/users', agentCookie)).user).toMatchObject({ role: 'admin' });
  });

  it('answers a role change for a user that no longer exists next to the field, not with a 500', async () => {
    const adminCookie = await signInAs('ada@example.com', 'correct horse');
    const me = (await throughHook('/settings/users', adminCookie)).user!;
    const setRole = (userId: string) =>
      outcome(() => usersPage.actions.setRole!(requestEvent({ path: '/settings/users?/setRole', user: me, headers: { cookie: adminCookie }, form: form({ userId, role: 'admin' }) })));
    expect(await setRole('no-such-user')).toEqual({
      kind: 'fail',
      status: 404,
      data: { action: 'setRole', userId: 'no-such-user', issues: { role: 'This user no longer exists: reload the page to see who does.' } }
    });

    await usersPage.actions.add!(requestEvent({ path: '/settings/users?/add', user: me, headers: { cookie: adminCookie }, form: form({ name: 'Bob', email: 'bob@example.com', password: 'agent password', role: 'agent' }) }));
    const { users } = await services.auth.api.listUsers({ query: {}, headers: new Headers({ cookie: adminCookie, origin }) });
    const bob = users.find((user) => user.email === 'bob@example.com')!;
    await services.auth.api.removeUser({ body: { userId: bob.id }, headers: new Headers({ cookie: adminCookie, origin }) });
    expect(await setRole(bob.id)).toMatchObject({ kind: 'fail', status: 404, data: { userId: bob.id, issues: { role: expect.stringContaining('no longer exists') } } });

    // The same change through the API (better-auth's route, behind the app's hook) is a 404 too.
    const body = JSON.stringify({ userId: bob.id, role: 'admin' });
    const api = requestEvent({ path: '/api/auth/admin/set-role', user: null, method: 'POST', headers: { cookie: adminCookie, 'content-type': 'application/json', 'content-length': String(body.length) } }) as { request: Request };
    const request = new Request(api.request.url, { method: 'POST', headers: api.request.headers, body });
    const response = await handle({ event: { ...(api as object), request } as never, resolve: async () => new Response('not the API', { status: 500 }) });
    expect(response.status).toBe(404);
  });

  it('will not let an Administrator demote themselves', async () => {
    const adminCookie = await signInAs('ada@example.com', 'correct horse');
    const me = (await throughHook('/settings/users', adminCookie)).user!;
    const result = await outcome(() => usersPage.actions.setRole!(requestEvent({ path: '/settings/users?/setRole', user: me, headers: { cookie: adminCookie }, form: form({ userId: me.id, role: 'agent' }) })));
    expect(result).toMatchObject({ kind: 'fail', status: 400, data: { issues: { role: 'You cannot take away your own Administrator role.' } } });
  });
});
