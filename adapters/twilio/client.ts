import twilio from 'twilio';
import type { TwilioAuth } from './config.js';
import type { TwilioRequestClient } from './request-client.js';

/**
 * The official SDK's client, talking through `httpClient`. Client-level retry options are not
 * passed: the SDK ignores them once it is given an httpClient, which owns retries instead.
 */
export function createTwilioClient(auth: TwilioAuth, httpClient: TwilioRequestClient): twilio.Twilio {
  // The SDK types httpClient as its own class, but only ever calls its request().
  const opts = { accountSid: auth.accountSid, httpClient: httpClient as unknown as twilio.RequestClient };
  return auth.kind === 'auth_token'
    ? twilio(auth.accountSid, auth.authToken, opts)
    : twilio(auth.apiKeySid, auth.apiKeySecret, opts);
}
