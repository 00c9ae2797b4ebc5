import { z } from 'zod';

/** Where Twilio calls back, relative to PUBLIC_BASE_URL: the two URLs to paste into the console. */
export const webhookPaths = {
  status: '/webhooks/twilio/status',
  inbound: '/webhooks/twilio/inbound'
} as const;

export type TwilioAuth =
  | { kind: 'auth_token'; accountSid: string; authToken: string }
  | { kind: 'api_key'; accountSid: string; apiKeySid: string; apiKeySecret: string };

export type TwilioSender = { messagingServiceSid: string } | { from: string };

export interface TwilioConfig {
  auth: TwilioAuth;
  sender: TwilioSender;
  /** Twilio signs webhooks with the account's auth token, never an API key secret. */
  webhookAuthToken: string | null;
  /** null: the real API (https://api.twilio.com). */
  apiBaseUrl: string | null;
  publicBaseUrl: string;
}

const optionalText = z
  .string()
  .trim()
  .transform((text) => (text === '' ? undefined : text))
  .optional();

const absoluteUrl = (name: string) =>
  z
    .string()
    .trim()
    .refine((text) => /^https?:\/\/[^/]+/.test(text) && URL.canParse(text), {
      message: `${name} must be an absolute http(s) URL, like https://sms.example.com`
    })
    .transform((text) => text.replace(/\/+$/, ''));

const EnvSchema = z.object({
  TWILIO_ACCOUNT_SID: optionalText.pipe(
    z.string().regex(/^AC[0-9a-fA-F]{32}$/, 'TWILIO_ACCOUNT_SID must be AC followed by 32 hex digits').optional()
  ),
  TWILIO_AUTH_TOKEN: optionalText,
  TWILIO_API_KEY_SID: optionalText.pipe(
    z.string().regex(/^SK[0-9a-fA-F]{32}$/, 'TWILIO_API_KEY_SID must be SK followed by 32 hex digits').optional()
  ),
  TWILIO_API_KEY_SECRET: optionalText,
  TWILIO_MESSAGING_SERVICE_SID: optionalText.pipe(
    z
      .string()
      .regex(/^MG[0-9a-fA-F]{32}$/, 'TWILIO_MESSAGING_SERVICE_SID must be MG followed by 32 hex digits')
      .optional()
  ),
  TWILIO_FROM_NUMBER: optionalText.pipe(
    z.string().regex(/^\+[1-9]\d{6,14}$/, 'TWILIO_FROM_NUMBER must be an E.164 number like +14155550100').optional()
  ),
  TWILIO_API_BASE_URL: optionalText.pipe(absoluteUrl('TWILIO_API_BASE_URL').optional()),
  PUBLIC_BASE_URL: optionalText.pipe(absoluteUrl('PUBLIC_BASE_URL').optional())
});

export type TwilioConfigResult = { ok: true; config: TwilioConfig } | { ok: false; message: string };

/**
 * Reads the Twilio settings from the environment. A missing or malformed variable is an expected
 * outcome (a person typed it), so it comes back as one sentence naming the variable, not a throw.
 */
export function readTwilioConfig(env: Record<string, string | undefined>): TwilioConfigResult {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { ok: false, message: issue ? `${issue.message}.` : 'The Twilio settings are invalid.' };
  }
  const e = parsed.data;
  if (!e.TWILIO_ACCOUNT_SID) return missing('TWILIO_ACCOUNT_SID', 'the account SID from the Twilio console (AC…)');

  let auth: TwilioAuth;
  if (e.TWILIO_API_KEY_SID || e.TWILIO_API_KEY_SECRET) {
    if (!e.TWILIO_API_KEY_SID) return missing('TWILIO_API_KEY_SID', 'the SK… SID of the API key whose secret is given');
    if (!e.TWILIO_API_KEY_SECRET) return missing('TWILIO_API_KEY_SECRET', 'the secret of API key ' + e.TWILIO_API_KEY_SID);
    auth = {
      kind: 'api_key',
      accountSid: e.TWILIO_ACCOUNT_SID,
      apiKeySid: e.TWILIO_API_KEY_SID,
      apiKeySecret: e.TWILIO_API_KEY_SECRET
    };
  } else if (e.TWILIO_AUTH_TOKEN) {
    auth = { kind: 'auth_token', accountSid: e.TWILIO_ACCOUNT_SID, authToken: e.TWILIO_AUTH_TOKEN };
  } else {
    return missing('TWILIO_AUTH_TOKEN', 'the auth token (or TWILIO_API_KEY_SID and TWILIO_API_KEY_SECRET)');
  }

  let sender: TwilioSender;
  if (e.TWILIO_MESSAGING_SERVICE_SID) sender = { messagingServiceSid: e.TWILIO_MESSAGING_SERVICE_SID };
  else if (e.TWILIO_FROM_NUMBER) sender = { from: e.TWILIO_FROM_NUMBER };
  else return missing('TWILIO_MESSAGING_SERVICE_SID', 'a Messaging Service SID MG… (or TWILIO_FROM_NUMBER)');

  // Without it Twilio has nowhere to report delivery, and webhook signatures cannot be checked.
  if (!e.PUBLIC_BASE_URL) return missing('PUBLIC_BASE_URL', 'the https address at which Twilio reaches this app');

  return {
    ok: true,
    config: {
      auth,
      sender,
      webhookAuthToken: e.TWILIO_AUTH_TOKEN ?? null,
      apiBaseUrl: e.TWILIO_API_BASE_URL ?? null,
      publicBaseUrl: e.PUBLIC_BASE_URL
    }
  };
}

/** The two addresses Twilio must call: the status callback set on each message, and the number's inbound webhook. */
export function webhookUrls(publicBaseUrl: string): { status: string; inbound: string } {
  return { status: publicBaseUrl + webhookPaths.status, inbound: publicBaseUrl + webhookPaths.inbound };
}

function missing(name: string, what: string): TwilioConfigResult {
  return { ok: false, message: `${name} is not set: give ${what}.` };
}
