import { isActionFailure, isHttpError, isRedirect, type Cookies } from '@sveltejs/kit';
import Database from 'better-sqlite3';
import { Temporal } from 'temporal-polyfill';
import type { Clock } from '../../core/ports/clock.js';
import type { Store } from '../../core/ports/store.js';
import { installServices, servicesFor, type Services } from '../../playground/lib/server/services.js';
import { createMemoryStore } from '../../adapters/memory/memory-store.js';

export const origin = 'http://127.0.0.1:42999';

/** A clock that stands still unless moved: the handlers read time only through it. */
export function standingClock(iso: string): Clock & { set(iso: string): void } {
  let nowMs = Temporal.Instant.from(iso).epochMilliseconds;
  return {
    nowMs: () => nowMs,
    now: () => Temporal.Instant.fromEpochMilliseconds(nowMs),
    sleepUntil: async () => undefined,
    set(next) {
      nowMs = Temporal.Instant.from(next).epochMilliseconds;
    }
  };
}

// better-auth keeps its rate-limit counts per client address in one module-wide map: each
// installation of services is a new client, so one test's sign-ins do not count against the next.
let clientNumber = 0;
let clientAddress = '203.0.113.0';

/** Fresh services for one test: better-auth on an in-memory SQLite database, the memory store. */
export async function freshServices(clock: Clock, store: Store = createMemoryStore(), database = new Database(':memory:')): Promise<Services> {
  const services = await servicesFor({ kind: 'sqlite', db: database }, { store, clock, secret: 'a test secret of enough length for better-auth', baseURL: origin });
  installServices(services);
  clientNumber += 1;
  clientAddress = `203.0.${Math.floor(clientNumber / 250)}.${(clientNumber % 250) + 1}`;
  return services;
}

export type User = App.Locals['user'];

/**
 * A user made directly in better-auth and signed in: who they are, as the hook would resolve them,
 * and the cookie header their browser would send.
 */
export async function signedInUser(services: Services, fields: { name: string; email: string; role: 'admin' | 'agent' }): Promise<{ user: NonNullable<User>; cookie: string }> {
  const password = 'a password of the test';
  const { user } = await services.auth.api.createUser({ body: { ...fields, password } });
  const response = await services.auth.api.signInEmail({ body: { email: fields.email, password }, asResponse: true });
  const cookie = response.headers
    .getSetCookie()
    .map((setCookie) => setCookie.split(';')[0]!)
    .join('; ');
  return { user: { id: user.id, name: fields.name, email: fields.email, role: fields.role }, cookie };
}
export const admin: User = { id: 'admin-1', name: 'Ada', email: 'ada@example.com', role: 'admin' };
export const agent: User = { id: 'agent-1', name: 'Bob', email: 'bob@example.com', role: 'agent' };

export function memoryCookies(): Cookies & { jar: Map<string, string> } {
  const jar = new Map<string, string>();
  return {
    jar,
    get: (name) => jar.get(name),
    getAll: () => [...jar].map(([name, value]) => ({ name, value })),
    set: (name, value) => void jar.set(name, value),
    delete: (name) => void jar.delete(name),
    serialize: (name, value) => `${name}=${value}`
  };
}

/** A RequestEvent as Kit gives a handler, with what these handlers read. */
export function requestEvent(options: { path: string; user: User; params?: Record<string, string>; form?: FormData; method?: string; headers?: HeadersInit }) {
  const url = new URL(options.path, origin);
  const method = options.method ?? (options.form ? 'POST' : 'GET');
  const request = new Request(url, { method, body: options.form, headers: { origin, ...(options.headers ?? {}) } });
  return {
    request,
    url,
    params: options.params ?? {},
    locals: { user: options.user },
    cookies: memoryCookies(),
    getClientAddress: () => clientAddress,
    route: { id: null },
    setHeaders: () => undefined,
    fetch,
    isDataRequest: false,
    isSubRequest: false,
    isRemoteRequest: false,
    platform: undefined,
    tracing: { enabled: false, root: null, current: null }
  } as never;
}

export function form(fields: Record<string, string | string[] | File>): FormData {
  const data = new FormData();
  for (const [name, value] of Object.entries(fields)) {
    if (Array.isArray(value)) for (const item of value) data.append(name, item);
    else data.append(name, value);
  }
  return data;
}

/** What a handler did: returned a value or a failure, redirected, or threw an HTTP error. */
export async function outcome(run: () => unknown): Promise<
  | { kind: 'value'; value: unknown }
  | { kind: 'fail'; status: number; data: Record<string, unknown> }
  | { kind: 'redirect'; status: number; location: string }
  | { kind: 'error'; status: number; message: string }
> {
  try {
    const value = await run();
    if (isActionFailure(value)) return { kind: 'fail', status: value.status, data: value.data as unknown as Record<string, unknown> };
    return { kind: 'value', value };
  } catch (thrown) {
    if (isRedirect(thrown)) return { kind: 'redirect', status: thrown.status, location: thrown.location };
    if (isHttpError(thrown)) return { kind: 'error', status: thrown.status, message: thrown.body.message };
    throw thrown;
  }
}

/** The field issues of a refused form; anything else fails the test, saying what came instead. */
export function fieldIssues(result: Awaited<ReturnType<typeof outcome>>): Record<string, string> {
  if (result.kind !== 'fail') throw new Error(`expected the form to be refused, got ${JSON.stringify(result)}`);
  return result.data.issues as Record<string, string>;
}
