import type { Cookies } from '@sveltejs/kit';
import { parseSetCookieHeader, toCookieOptions } from 'better-auth/cookies';
import { clientIpHeader, type Auth } from './auth.js';

export type SignInResult = 'signed_in' | 'refused' | 'rate_limited';

interface SignInEvent {
  cookies: Cookies;
  getClientAddress(): string;
}

/**
 * Signs in through better-auth's own HTTP route rather than `auth.api`, because only requests that
 * pass its router are rate limited (per client address, which the app hands it); the session
 * cookie it sets is copied onto the page's response.
 */
export async function signIn(auth: Auth, event: SignInEvent, email: string, password: string): Promise<SignInResult> {
  const baseURL = String(auth.options.baseURL);
  const headers = new Headers({ 'content-type': 'application/json', origin: new URL(baseURL).origin });
  headers.set(clientIpHeader, event.getClientAddress());
  const response = await auth.handler(
    new Request(`${baseURL}/api/auth/sign-in/email`, { method: 'POST', headers, body: JSON.stringify({ email, password }) })
  );
  if (response.status === 429) return 'rate_limited';
  if (!response.ok) return 'refused';
  copyCookies(response, event.cookies);
  return 'signed_in';
}

export async function signOut(auth: Auth, request: Request, cookies: Cookies): Promise<void> {
  const response = await auth.api.signOut({ headers: request.headers, asResponse: true });
  copyCookies(response, cookies);
}

function copyCookies(response: Response, cookies: Cookies): void {
  for (const setCookie of response.headers.getSetCookie()) {
    for (const [name, attributes] of parseSetCookieHeader(setCookie)) {
      // Kit would make a cookie Secure on any host but localhost: follow better-auth, which knows the scheme.
      cookies.set(name, attributes.value, { ...toCookieOptions(attributes), secure: attributes.secure === true, path: attributes.path || '/' });
    }
  }
}
