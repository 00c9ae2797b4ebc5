import { Temporal } from 'temporal-polyfill';
import twilio from 'twilio';
import { afterEach, describe, expect, it } from 'vitest';
import type { ProviderEvent } from '../../core/ports/provider.js';
import { createTwilioProvider } from '../../adapters/twilio/provider.js';
import { createTwilioWebhooks } from '../../adapters/twilio/webhooks.js';
import { authToken, ourNumber, sms, startRig, steppingClock, type Rig } from './support.js';

let rig: Rig;
afterEach(async () => {
  await rig?.close();
});

const customer = '+14155550100';

async function sentMessage(): Promise<string> {
  const outcome = await rig.provider.send(sms(customer, rig.clock));
  if (outcome.kind !== 'accepted') throw new Error(`not accepted: ${JSON.stringify(outcome)}`);
  return outcome.providerId;
}

describe('the status callback webhook', () => {
  it('turns signed callbacks into status events, each step once and only forward', async () => {
    rig = await startRig();
    const sid = await sentMessage();
    // Out of order and duplicated, as Twilio may: delivered overtakes sent, then both repeat.
    expect(await rig.fake.deliver(sid, { statuses: ['queued', 'delivered', 'sent', 'delivered', 'sent'] })).toEqual([200, 200, 200, 200, 200]);
    expect(rig.events).toEqual([{ type: 'status', providerId: sid, status: 'delivered', at: rig.clock.now() }]);
  });

  it('passes on the error code and what it means', async () => {
    rig = await startRig();
    const sid = await sentMessage();
    await rig.fake.deliver(sid, { statuses: ['sent', 'undelivered'], errorCode: '30007' });
    expect(rig.events.map((e) => e.type === 'status' && [e.status, e.errorCode, e.errorScope])).toEqual([
      ['sent', undefined, undefined],
      ['undelivered', '30007', 'campaign']
    ]);
  });

  it.each(['missing', 'wrong'] as const)('refuses a %s signature with 403 and records nothing', async (signature) => {
    rig = await startRig();
    const sid = await sentMessage();
    const answer = await rig.fake.post(`${rig.appUrl}/webhooks/twilio/status`, { MessageSid: sid, MessageStatus: 'delivered' }, signature);
    expect(answer.status).toBe(403);
    expect(rig.events).toEqual([]);
    // Refused, not remembered: the genuine callback still counts.
    await rig.fake.deliver(sid, { statuses: ['delivered'] });
    expect(rig.events).toHaveLength(1);
  });

  it('checks the signature against PUBLIC_BASE_URL, not the address the proxy forwarded to', async () => {
    const events: ProviderEvent[] = [];
    const clock = steppingClock();
    const provider = createTwilioProvider({ client: {} as never, sender: { from: ourNumber }, statusCallbackUrl: null, clock });
    provider.onEvent((event) => events.push(event));
    const webhooks = createTwilioWebhooks({ authToken, publicBaseUrl: 'https://sms.example.com', provider, clock });
    const params = { MessageSid: 'SM' + 'a'.repeat(32), MessageStatus: 'sent' };
    const post = (signedFor: string) =>
      webhooks.status(
        new Request('http://10.0.0.5:3000/webhooks/twilio/status?list=dec', {
          method: 'POST',
          headers: {
            'Content-Type': 'application/x-www-form-urlencoded',
            'X-Twilio-Signature': twilio.getExpectedTwilioSignature(authToken, signedFor, params)
          },
          body: new URLSearchParams(params)
        })
      );
    expect((await post('http://10.0.0.5:3000/webhooks/twilio/status?list=dec')).status).toBe(403);
    expect(events).toEqual([]);
    expect((await post('https://sms.example.com/webhooks/twilio/status?list=dec')).status).toBe(200);
    expect(events).toHaveLength(1);
  });

  it('answers 500 when recording fails, and counts the retried callback', async () => {
    rig = await startRig();
    const sid = await sentMessage();
    let failing = true;
    const unsubscribe = rig.provider.onEvent(() => {
      if (failing) throw new Error('database is locked');
    });
    expect(await rig.fake.deliver(sid, { statuses: ['sent'] })).toEqual([500]);
    failing = false;
    unsubscribe();
    expect(await rig.fake.deliver(sid, { statuses: ['sent'] })).toEqual([200]);
    expect(rig.events.filter((e) => e.type === 'status' && e.status === 'sent')).toHaveLength(2);
  });

  it('takes only POST', async () => {
    rig = await startRig();
    const response = await fetch(`${rig.appUrl}/webhooks/twilio/status`);
    expect(response.status).toBe(405);
  });
});

describe('the inbound message webhook', () => {
  it('turns a reply into an inbound event and answers empty TwiML', async () => {
    rig = await startRig();
    const answer = await rig.fake.sendInbound({ from: customer, to: ourNumber, body: 'Is it ready?' });
    expect(answer).toEqual({ status: 200, body: '<?xml version="1.0" encoding="UTF-8"?><Response/>' });
    expect(rig.events).toEqual([
      { type: 'inbound', providerId: expect.stringMatching(/^SM/), from: customer, to: ourNumber, body: 'Is it ready?', at: rig.clock.now() }
    ]);
  });

  it("carries Twilio's opt-out reading, and Twilio then refuses to text the number (21610)", async () => {
    rig = await startRig();
    await rig.fake.sendInbound({ from: customer, to: ourNumber, body: ' stop ' });
    expect(rig.events).toEqual([expect.objectContaining({ type: 'inbound', body: ' stop ', keyword: 'stop' })]);
    expect(await rig.provider.send(sms(customer, rig.clock))).toMatchObject({ kind: 'permanent', reason: 'opted_out', code: '21610' });
    await rig.fake.sendInbound({ from: customer, to: ourNumber, body: 'START' });
    expect(rig.events[1]).toMatchObject({ keyword: 'start' });
    expect(await rig.provider.send(sms(customer, rig.clock))).toMatchObject({ kind: 'accepted' });
  });

  it('refuses a forged inbound message with 403 and records nothing', async () => {
    rig = await startRig();
    const answer = await rig.fake.post(
      `${rig.appUrl}/webhooks/twilio/inbound`,
      { MessageSid: 'SM' + 'e'.repeat(32), From: customer, To: ourNumber, Body: 'STOP', OptOutType: 'STOP' },
      'wrong'
    );
    expect(answer.status).toBe(403);
    expect(rig.events).toEqual([]);
  });

  it('hears a replayed inbound message once', async () => {
    rig = await startRig();
    const params = { MessageSid: 'SM' + 'd'.repeat(32), From: customer, To: ourNumber, Body: 'Thanks' };
    await rig.fake.post(`${rig.appUrl}/webhooks/twilio/inbound`, params);
    await rig.fake.post(`${rig.appUrl}/webhooks/twilio/inbound`, params);
    expect(rig.events).toHaveLength(1);
    expect(Temporal.Instant.compare((rig.events[0] as { at: Temporal.Instant }).at, rig.clock.now())).toBe(0);
  });
});
