/**
 * adapter-node's BODY_SIZE_LIMIT is one number for every route, and a recipient list may be
 * 100 MiB. Only that upload, by an Administrator, may be that large: anywhere else (sign-in, the
 * auth API, the webhooks before their signature is checked) a visitor could make the server hold
 * 100 MiB per request. Everything else is refused above this size, before its body is read.
 */
export const smallBodyLimitBytes = 1024 * 1024;

const uploadPath = /^\/settings\/proactive-sms\/[^/]+\/recipients\/new\/?$/;

/** A 413 (or 411 for a body of unknown length) for a request whose body this route does not take; else null. */
export function bodyRefusal(request: Request, path: string, isAdministrator: boolean): Response | null {
  if (request.method === 'GET' || request.method === 'HEAD') return null;
  if (isAdministrator && uploadPath.test(path)) return null;
  const length = request.headers.get('content-length');
  if (length === null) {
    // A chunked body could run up to the global limit; browsers and Twilio always say the length.
    return request.body === null ? null : new Response('Length Required', { status: 411 });
  }
  return Number(length) > smallBodyLimitBytes ? new Response('Payload Too Large', { status: 413 }) : null;
}
