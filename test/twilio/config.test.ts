import { describe, expect, it } from 'vitest';
import { readTwilioConfig, webhookUrls } from '../../adapters/twilio/config.js';

const sid = 'AC' + 'a'.repeat(32);
const complete = {
  TWILIO_ACCOUNT_SID: sid,
  TWILIO_AUTH_TOKEN: 'token',
  TWILIO_MESSAGING_SERVICE_SID: 'MG' + 'b'.repeat(32),
  PUBLIC_BASE_URL: 'https://sms.example.com/'
};

describe('Twilio settings from the environment', () => {
  it('reads a complete auth-token setup, trimming the public URL', () => {
    const result = readTwilioConfig(complete);
    expect(result).toEqual({
      ok: true,
      config: {
        auth: { kind: 'auth_token', accountSid: sid, authToken: 'token' },
        sender: { messagingServiceSid: 'MG' + 'b'.repeat(32) },
        webhookAuthToken: 'token',
        apiBaseUrl: null,
        publicBaseUrl: 'https://sms.example.com'
      }
    });
  });

  it('names the first missing variable in one sentence', () => {
    expect(readTwilioConfig({})).toEqual({
      ok: false,
      message: 'TWILIO_ACCOUNT_SID is not set: give the account SID from the Twilio console (AC…).'
    });
    expect(readTwilioConfig({ ...complete, TWILIO_AUTH_TOKEN: '' })).toMatchObject({
      ok: false,
      message: expect.stringMatching(/^TWILIO_AUTH_TOKEN is not set/)
    });
    expect(readTwilioConfig({ ...complete, TWILIO_MESSAGING_SERVICE_SID: undefined })).toMatchObject({
      ok: false,
      message: expect.stringMatching(/^TWILIO_MESSAGING_SERVICE_SID is not set: .*TWILIO_FROM_NUMBER/)
    });
    expect(readTwilioConfig({ ...complete, PUBLIC_BASE_URL: ' ' })).toMatchObject({
      ok: false,
      message: expect.stringMatching(/^PUBLIC_BASE_URL is not set/)
    });
  });

  it('says what is wrong with a malformed value', () => {
    expect(readTwilioConfig({ ...complete, TWILIO_ACCOUNT_SID: 'SK' + 'a'.repeat(32) })).toEqual({
      ok: false,
      message: 'TWILIO_ACCOUNT_SID must be AC followed by 32 hex digits.'
    });
    expect(readTwilioConfig({ ...complete, PUBLIC_BASE_URL: 'sms.example.com' })).toMatchObject({
      ok: false,
      message: expect.stringMatching(/^PUBLIC_BASE_URL must be an absolute http\(s\) URL/)
    });
    expect(readTwilioConfig({ ...complete, TWILIO_MESSAGING_SERVICE_SID: undefined, TWILIO_FROM_NUMBER: '0415 555 010' })).toMatchObject({
      ok: false,
      message: expect.stringMatching(/^TWILIO_FROM_NUMBER must be an E\.164 number/)
    });
  });

  it('takes an API key instead of the auth token, and keeps no token to check webhooks with', () => {
    const result = readTwilioConfig({
      ...complete,
      TWILIO_AUTH_TOKEN: undefined,
      TWILIO_API_KEY_SID: 'SK' + 'c'.repeat(32),
      TWILIO_API_KEY_SECRET: 'secret',
      TWILIO_MESSAGING_SERVICE_SID: undefined,
      TWILIO_FROM_NUMBER: '+15005550006',
      TWILIO_API_BASE_URL: 'http://127.0.0.1:4010'
    });
    expect(result).toMatchObject({
      ok: true,
      config: {
        auth: { kind: 'api_key', accountSid: sid, apiKeySid: 'SK' + 'c'.repeat(32), apiKeySecret: 'secret' },
        sender: { from: '+15005550006' },
        webhookAuthToken: null,
        apiBaseUrl: 'http://127.0.0.1:4010'
      }
    });
    expect(readTwilioConfig({ ...complete, TWILIO_API_KEY_SID: 'SK' + 'c'.repeat(32) })).toMatchObject({
      ok: false,
      message: expect.stringMatching(/^TWILIO_API_KEY_SECRET is not set/)
    });
  });

  it('gives the two webhook URLs to paste into the Twilio console', () => {
    expect(webhookUrls('https://sms.example.com')).toEqual({
      status: 'https://sms.example.com/webhooks/twilio/status',
      inbound: 'https://sms.example.com/webhooks/twilio/inbound'
    });
  });
});
