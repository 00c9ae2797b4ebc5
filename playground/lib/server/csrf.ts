/**
 * SvelteKit's own CSRF check, done here instead (svelte.config.js turns Kit's off): Kit's runs
 * before any hook, so it cannot spare Twilio's webhooks, which POST forms with no Origin header.
 * Those two paths are guarded by Twilio's signature instead; every other path is checked as Kit
 * would, with Kit's message.
 */
export function crossSiteFormRefusal(request: Request, url: URL, exemptPaths: readonly string[]): Response | null {
  if (!['POST', 'PUT', 'PATCH', 'DELETE'].includes(request.method)) return null;
  if (!isFormContentType(request.headers.get('content-type'))) return null;
  if (request.headers.get('origin') === url.origin) return null;
  if (exemptPaths.includes(url.pathname)) return null;
  const message = `Cross-site ${request.method} form submissions are forbidden`;
  if (request.headers.get('accept') === 'application/json') {
    return new Response(JSON.stringify({ message }), { status: 403, headers: { 'Content-Type': 'application/json' } });
  }
  return new Response(message, { status: 403, headers: { 'Content-Type': 'text/plain' } });
}

// The content types a browser form can send cross-site without a preflight, plus Kit's binary form.
const formTypes = ['application/x-www-form-urlencoded', 'multipart/form-data', 'text/plain', 'application/x-sveltekit-formdata'];

function isFormContentType(header: string | null): boolean {
  const type = header?.split(';')[0]?.trim().toLowerCase() ?? '';
  return formTypes.includes(type);
}
