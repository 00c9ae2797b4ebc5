import twilio from 'twilio';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createMemoryStore } from '../../adapters/memory/memory-store.js';
import type { Store } from '../../core/ports/store.js';
import { accountSid, authToken, messagingServiceSid } from '../twilio/support.js';
import { recordingTwilioWebhooks } from '../../playground/lib/server/twilio-webhooks.js';
import { standingClock } from './harness.js';

// Twilio's two webhook routes of the app write each event into the store before answering: when
// the write fails Twilio gets a 500 (and retries) instead of a 200 for an event that was lost.

const publicBaseUrl = 'https://sms.example.com';
const clock = standingClock('2026-12-14T14:00:00Z');

/** The memory store, with its two webhook writes failing while `failing` is set, as a locked or unreachable database would. */
function storeThatFails(): { store: Store; failures: { on: boolean } } {
  const failures = { on: false };
  const inner = createMemoryStore();
  const store: Store = Object.create(inner) as Store;
  store.applyDelivery = (report) => (failures.on ? Promise.reject(new Error('database is locked')) : inner.applyDelivery(report));
  store.recordInbound = (report) => (failures.on ? Promise.reject(new Error('database is locked')) : inner.recordInbound(report));
  return { store, failures };
}

const { store, failures } = storeThatFails();
// As the routes build them, from the environment the app is given.
const webhooks = recordingTwilioWebhooks(
  { store, clock },
  { TWILIO_ACCOUNT_SID: accountSid, TWILIO_AUTH_TOKEN: authToken, TWILIO_MESSAGING_SERVICE_SID: messagingServiceSid, TWILIO_API_BASE_URL: 'http://127.0.0.1:9', PUBLIC_BASE_URL: publicBaseUrl }
);

beforeEach(() => {
  failures.on = false;
  vi.spyOn(console, 'error').mockImplementation(() => undefined);
});

/** A webhook request as Twilio signs it, handed to the route. */
function post(kind: 'status' | 'inbound', params: Record<string, string>): Promise<Response> {
  const url = `${publicBaseUrl}/webhooks/twilio/${kind}`;
  const request = new Request(url, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'X-Twilio-Signature': twilio.getExpectedTwilioSignature(authToken, url, params) },
    body: new URLSearchParams(params)
  });
  if (typeof webhooks === 'string') throw new Error(webhooks);
  return webhooks[kind](request);
}

describe('a webhook whose write to the store fails', () => {
  it('answers an inbound STOP with 500 while the store fails, and records the retry', async () => {
    const stop = { MessageSid: 'SM' + 'b'.repeat(32), From: '+14155550100', To: '+14155550199', Body: 'STOP', OptOutType: 'STOP' };
    failures.on = true;
    expect((await post('inbound', stop)).status).toBe(500);
    expect(await store.isOptedOut('+14155550100')).toBe(false);

    failures.on = false;
    expect((await post('inbound', stop)).status).toBe(200);
    expect(await store.isOptedOut('+14155550100')).toBe(true);
    // A repeat of what is already recorded is answered 200 and written once.
    expect((await post('inbound', stop)).status).toBe(200);
    expect(await store.timeline('+14155550100')).toHaveLength(1);
  });

  it('answers a delivery status with 500 while the store fails, and 200 once its retry is written', async () => {
    const delivered = { MessageSid: 'SM' + 'c'.repeat(32), MessageStatus: 'delivered' };
    failures.on = true;
    expect((await post('status', delivered)).status).toBe(500);
    failures.on = false;
    const written: string[] = [];
    const applyDelivery = store.applyDelivery;
    store.applyDelivery = (report) => (written.push(`${report.providerId} ${report.status}`), applyDelivery(report));
    try {
      expect((await post('status', delivered)).status).toBe(200);
    } finally {
      store.applyDelivery = applyDelivery;
    }
    expect(written).toEqual([`${delivered.MessageSid} delivered`]);
  });
});
