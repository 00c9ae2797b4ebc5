import { describe, expect, it } from 'vitest';
import { crossSiteFormRefusal } from '../../playground/lib/server/csrf.js';

const app = new URL('https://sms.example.com/lists');
const exempt = ['/webhooks/twilio/status', '/webhooks/twilio/inbound'];
const post = (url: URL, headers: Record<string, string>) => new Request(url, { method: 'POST', headers, body: 'a=b' });

describe("the app's own cross-site form check (Kit's is off so Twilio can reach its webhooks)", () => {
  it('refuses a form POST from another origin, or with no Origin at all', () => {
    for (const origin of [{ Origin: 'https://evil.example' }, {}] as Array<Record<string, string>>) {
      const refusal = crossSiteFormRefusal(post(app, { 'Content-Type': 'application/x-www-form-urlencoded', ...origin }), app, exempt);
      expect(refusal?.status).toBe(403);
    }
  });

  it('refuses every content type a cross-site form can carry, and answers JSON to a JSON client', async () => {
    for (const type of ['multipart/form-data; boundary=x', 'text/plain;charset=UTF-8', 'Application/X-WWW-Form-Urlencoded']) {
      expect(crossSiteFormRefusal(post(app, { 'Content-Type': type }), app, exempt)?.status).toBe(403);
    }
    const json = crossSiteFormRefusal(post(app, { 'Content-Type': 'text/plain', Accept: 'application/json' }), app, exempt);
    expect(await json?.json()).toEqual({ message: 'Cross-site POST form submissions are forbidden' });
  });

  it('lets through same-origin forms, non-form bodies, reads, and the signed webhooks', () => {
    expect(crossSiteFormRefusal(post(app, { 'Content-Type': 'text/plain', Origin: app.origin }), app, exempt)).toBeNull();
    expect(crossSiteFormRefusal(post(app, { 'Content-Type': 'application/json' }), app, exempt)).toBeNull();
    expect(crossSiteFormRefusal(new Request(app), app, exempt)).toBeNull();
    const hook = new URL('https://sms.example.com/webhooks/twilio/status');
    expect(crossSiteFormRefusal(post(hook, { 'Content-Type': 'application/x-www-form-urlencoded' }), hook, exempt)).toBeNull();
    const near = new URL('https://sms.example.com/webhooks/twilio/status/../../admin');
    expect(crossSiteFormRefusal(post(near, { 'Content-Type': 'application/x-www-form-urlencoded' }), near, exempt)?.status).toBe(403);
  });
});
