import { Temporal } from 'temporal-polyfill';
import { afterEach, describe, expect, it } from 'vitest';
import { seededRandom } from '../../core/ports/random.js';
import { backoffDelayMs, requestRetries } from '../../core/runtime/backoff.js';
import { magicNumbers } from '../fakes/twilio-server.js';
import { accountSid, authToken, messagingServiceSid, sms, startRig, type Rig } from './support.js';

let rig: Rig;
afterEach(async () => {
  await rig?.close();
});

const customer = '+14155550100';

describe('sending through the Twilio SDK to the fake Twilio', () => {
  it('posts To, Body, the sender, StatusCallback and ValidityPeriod, with Basic auth, and takes the initial status from the answer', async () => {
    rig = await startRig();
    const outcome = await rig.provider.send({ ...sms(customer, rig.clock), windowClosesAt: rig.clock.now().add({ minutes: 90 }) });
    expect(outcome).toEqual({ kind: 'accepted', providerId: rig.fake.messages[0]?.sid, status: 'queued' });
    expect(rig.fake.messages[0]?.params).toEqual({
      To: customer,
      Body: 'Hi, your order is ready. Reply STOP to opt out.',
      MessagingServiceSid: messagingServiceSid,
      StatusCallback: `${rig.appUrl}/webhooks/twilio/status`,
      ValidityPeriod: '5400'
    });
  });

  it('sends From a number when no Messaging Service is configured', async () => {
    rig = await startRig({ env: { TWILIO_MESSAGING_SERVICE_SID: '', TWILIO_FROM_NUMBER: magicNumbers.validFrom } });
    expect(await rig.provider.send(sms(customer, rig.clock))).toMatchObject({ kind: 'accepted' });
    expect(rig.fake.messages[0]?.params.From).toBe(magicNumbers.validFrom);
    expect(rig.fake.messages[0]?.params.MessagingServiceSid).toBeUndefined();
  });

  it("sends from the campaign's own Messaging Service instead of the configured one", async () => {
    rig = await startRig();
    const own = 'MG' + '0123456789abcdef'.repeat(2);
    expect(await rig.provider.send({ ...sms(customer, rig.clock), from: own })).toMatchObject({ kind: 'accepted' });
    expect(rig.fake.messages[0]?.params.MessagingServiceSid).toBe(own);
    expect(rig.fake.messages[0]?.params.From).toBeUndefined();
  });

  it("sends From the campaign's own number even when a Messaging Service is configured", async () => {
    rig = await startRig();
    expect(await rig.provider.send({ ...sms(customer, rig.clock), from: magicNumbers.validFrom })).toMatchObject({ kind: 'accepted' });
    expect(rig.fake.messages[0]?.params.From).toBe(magicNumbers.validFrom);
    expect(rig.fake.messages[0]?.params.MessagingServiceSid).toBeUndefined();
  });

  it("a campaign's number Twilio refuses stops the campaign, as a configured one would", async () => {
    rig = await startRig();
    expect(await rig.provider.send({ ...sms(customer, rig.clock), from: magicNumbers.notOwnedFrom })).toMatchObject({
      kind: 'permanent',
      scope: 'campaign',
      code: '21606'
    });
  });

  it('authenticates with an API key and secret', async () => {
    const key = { sid: 'SK' + '1'.repeat(32), secret: 'key-secret' };
    rig = await startRig({
      env: { TWILIO_API_KEY_SID: key.sid, TWILIO_API_KEY_SECRET: key.secret },
      fake: { apiKeys: [key] }
    });
    expect(await rig.provider.send(sms(customer, rig.clock))).toMatchObject({ kind: 'accepted' });
  });

  it('wrong credentials stop the campaign instead of failing each recipient', async () => {
    rig = await startRig({ env: { TWILIO_AUTH_TOKEN: 'not-the-token' } });
    expect(await rig.provider.send(sms(customer, rig.clock))).toMatchObject({
      kind: 'permanent',
      scope: 'campaign',
      code: '20003'
    });
    expect(rig.fake.messages).toHaveLength(0);
  });
});

describe("Twilio's magic numbers map to the documented outcomes", () => {
  it.each([
    [magicNumbers.invalidTo, { kind: 'permanent', scope: 'recipient', reason: 'invalid_number', code: '21211' }],
    [magicNumbers.unreachableTo, { kind: 'permanent', scope: 'recipient', reason: 'unreachable', code: '21612' }],
    [magicNumbers.regionNotEnabledTo, { kind: 'permanent', scope: 'campaign', reason: 'configuration', code: '21408' }],
    [magicNumbers.optedOutTo, { kind: 'permanent', scope: 'recipient', reason: 'opted_out', code: '21610' }],
    [magicNumbers.notMobileTo, { kind: 'permanent', scope: 'recipient', reason: 'unreachable', code: '21614' }]
  ])('To %s', async (to, expected) => {
    rig = await startRig();
    expect(await rig.provider.send(sms(to, rig.clock))).toMatchObject(expected);
    expect(rig.fake.messages).toHaveLength(0);
  });

  it.each([
    [magicNumbers.notOwnedFrom, { kind: 'permanent', scope: 'campaign', reason: 'configuration', code: '21606' }],
    [magicNumbers.queueFullFrom, { kind: 'transient', code: '21611' }]
  ])('From %s', async (from, expected) => {
    rig = await startRig({ env: { TWILIO_MESSAGING_SERVICE_SID: '', TWILIO_FROM_NUMBER: from }, http: { retry: { maxRetries: 0 } } });
    expect(await rig.provider.send(sms(customer, rig.clock))).toMatchObject(expected);
  });

  it.each([
    ['30005', 400, { kind: 'permanent', scope: 'recipient', reason: 'invalid_number' }],
    ['30006', 400, { kind: 'permanent', scope: 'recipient', reason: 'unreachable' }],
    ['30007', 400, { kind: 'permanent', scope: 'campaign', reason: 'configuration' }],
    ['30002', 400, { kind: 'permanent', scope: 'campaign', reason: 'configuration' }],
    ['20429', 429, { kind: 'transient' }],
    ['30001', 400, { kind: 'transient' }],
    ['30003', 400, { kind: 'transient' }],
    ['30008', 400, { kind: 'transient' }],
    ['30500', 400, { kind: 'transient' }]
  ] as const)('code %s answered by the API (HTTP %i)', async (code, status, expected) => {
    rig = await startRig({ http: { retry: { maxRetries: 0 } } });
    rig.fake.failNext({ kind: 'refuse', status, code: Number(code) });
    expect(await rig.provider.send(sms(customer, rig.clock))).toMatchObject({ ...expected, code });
  });
});

describe('connections are kept alive between sends', () => {
  it('sends one message after another over a single connection', async () => {
    rig = await startRig();
    for (let i = 0; i < 20; i++) expect(await rig.provider.send(sms(`+1415555${String(1000 + i)}`, rig.clock))).toMatchObject({ kind: 'accepted' });
    expect(rig.fake.messages).toHaveLength(20);
    expect(rig.fake.connections).toBe(1);
  });

  it('opens a new connection after one was cut, and is not confused by it', async () => {
    rig = await startRig({ http: { retry: { maxRetries: 0 } } });
    await rig.provider.send(sms(customer, rig.clock));
    rig.fake.failNext({ kind: 'reset-after-body' });
    expect(await rig.provider.send(sms('+14155550101', rig.clock))).toMatchObject({ kind: 'ambiguous' });
    expect(await rig.provider.send(sms('+14155550102', rig.clock))).toMatchObject({ kind: 'accepted' });
    expect(await rig.provider.send(sms('+14155550103', rig.clock))).toMatchObject({ kind: 'accepted' });
    expect(rig.fake.connections).toBe(2);
  });

  it('opens at most a few connections however many sends are made at once', async () => {
    rig = await startRig();
    const outcomes = await Promise.all(Array.from({ length: 12 }, (_, i) => rig.provider.send(sms(`+1415555${String(2000 + i)}`, rig.clock))));
    expect(outcomes.every((outcome) => outcome.kind === 'accepted')).toBe(true);
    expect(rig.fake.connections).toBeGreaterThan(1);
    expect(rig.fake.connections).toBeLessThanOrEqual(4);
  });
});

describe('retries within a request: requestRetries, with the runtime\'s backoff formula', () => {
  it('retries a 503 twice by default, each wait drawn by the shared formula', async () => {
    rig = await startRig();
    rig.fake.failNext({ kind: 'refuse', status: 503 }, 5);
    expect(await rig.provider.send(sms(customer, rig.clock))).toMatchObject({ kind: 'transient' });
    expect(rig.fake.requests).toHaveLength(1 + requestRetries.maxRetries);
    // The rig's request client draws from seededRandom(7): the same draws, the same formula.
    const random = seededRandom(7);
    expect(rig.clock.slept).toEqual([backoffDelayMs(requestRetries, 1, random), backoffDelayMs(requestRetries, 2, random)]);
  });

  it('waits until the HTTP date a 503 gives as Retry-After, then sends once', async () => {
    rig = await startRig();
    // The rig's clock stands at 15:00:00 on Tuesday 1 December 2026.
    rig.fake.failNext({ kind: 'refuse', status: 503, retryAfter: 'Tue, 01 Dec 2026 15:00:04 GMT' });
    expect(await rig.provider.send(sms(customer, rig.clock))).toMatchObject({ kind: 'accepted' });
    expect(rig.clock.slept).toEqual([4_000]);
    expect(rig.fake.messages).toHaveLength(1);
  });

  it('hands a Retry-After longer than a request may wait to the recipient retry, without waiting', async () => {
    rig = await startRig();
    rig.fake.failNext({ kind: 'refuse', status: 429, retryAfter: 'Tue, 01 Dec 2026 15:05:00 GMT' });
    expect(await rig.provider.send(sms(customer, rig.clock))).toMatchObject({ kind: 'transient', code: '20429', retryAfterMs: 300_000 });
    expect(rig.fake.requests).toHaveLength(1);
    expect(rig.clock.slept).toEqual([]);
  });

  it('ignores a Retry-After it cannot read, and backs off by its own rule', async () => {
    rig = await startRig();
    rig.fake.failNext({ kind: 'refuse', status: 503, retryAfter: 'in a while' });
    expect(await rig.provider.send(sms(customer, rig.clock))).toMatchObject({ kind: 'accepted' });
    expect(rig.clock.slept).toEqual([backoffDelayMs(requestRetries, 1, seededRandom(7))]);
  });
});

describe('retries: the request client owns them', () => {
  it('rides out a burst of 429s with jittered backoff that honours Retry-After, and sends once', async () => {
    rig = await startRig({ http: { retry: { maxRetries: 4 } } });
    rig.fake.failNext({ kind: 'refuse', status: 429, retryAfterSeconds: 2 }, 3);
    expect(await rig.provider.send(sms(customer, rig.clock))).toMatchObject({ kind: 'accepted' });
    expect(rig.fake.messages).toHaveLength(1);
    expect(rig.fake.requests.map((r) => r.status)).toEqual([429, 429, 429, 201]);
    expect(rig.clock.slept).toHaveLength(3);
    for (const ms of rig.clock.slept) expect(ms).toBeGreaterThanOrEqual(2000);
  });

  it('gives up after maxRetries on 5xx: transient, nothing sent', async () => {
    rig = await startRig({ http: { retry: { maxRetries: 2 } } });
    rig.fake.failNext({ kind: 'refuse', status: 503, retryAfterSeconds: 7 }, 5);
    expect(await rig.provider.send(sms(customer, rig.clock))).toMatchObject({ kind: 'transient', code: '20500', retryAfterMs: 7000 });
    expect(rig.fake.requests).toHaveLength(3);
    expect(rig.fake.messages).toHaveLength(0);
  });

  it('maxRetries 0 means one attempt (the SDK would read it as 3)', async () => {
    rig = await startRig({ http: { retry: { maxRetries: 0 } } });
    rig.fake.failNext({ kind: 'refuse', status: 500 }, 5);
    expect(await rig.provider.send(sms(customer, rig.clock))).toMatchObject({ kind: 'transient' });
    expect(rig.fake.requests).toHaveLength(1);
  });

  it('a connection refused before anything was written is retried, then transient', async () => {
    rig = await startRig({ http: { retry: { maxRetries: 2 } } });
    const deadPort = rig.fake.baseUrl;
    await rig.fake.close();
    const again = await startRig({ env: { TWILIO_API_BASE_URL: deadPort }, http: { retry: { maxRetries: 2 } } });
    try {
      const outcome = await again.provider.send(sms(customer, again.clock));
      expect(outcome).toMatchObject({ kind: 'transient', code: 'network' });
      expect(again.clock.slept).toHaveLength(2);
    } finally {
      await again.close();
    }
  });
});

describe('ambiguous sends and reconciliation', () => {
  it('a reset after Twilio read the request is ambiguous, never retried, and reconciliation finds the message', async () => {
    rig = await startRig({ clock: undefined, http: { retry: { maxRetries: 3 } } });
    const claimedAt = rig.clock.now();
    rig.fake.failNext({ kind: 'reset-after-body' });
    expect(await rig.provider.send(sms(customer, rig.clock))).toMatchObject({ kind: 'ambiguous' });
    expect(rig.fake.messages).toHaveLength(1);
    const found = await rig.provider.findMessages(customer, claimedAt);
    expect(found).toEqual([
      expect.objectContaining({ providerId: rig.fake.messages[0]?.sid, to: customer, body: rig.fake.messages[0]?.body, status: 'queued' })
    ]);
  });

  it('a reset before Twilio read the body leaves nothing to find, so the send may be made again', async () => {
    rig = await startRig();
    const claimedAt = rig.clock.now();
    rig.fake.failNext({ kind: 'reset-before-body' });
    const outcome = await rig.provider.send(sms(customer, rig.clock));
    // The client cannot know whether its bytes were read: transient if it could tell, else ambiguous.
    expect(['transient', 'ambiguous']).toContain(outcome.kind);
    expect(await rig.provider.findMessages(customer, claimedAt)).toEqual([]);
  });

  it('a hang after Twilio took the message times out as ambiguous; a hang before is ambiguous with nothing to find', async () => {
    rig = await startRig({ http: { timeoutMs: 200 } });
    const claimedAt = rig.clock.now();
    rig.fake.failNext({ kind: 'hang-after-body' });
    expect(await rig.provider.send(sms(customer, rig.clock))).toMatchObject({ kind: 'ambiguous' });
    expect(await rig.provider.findMessages(customer, claimedAt)).toHaveLength(1);
    const other = '+14155550199';
    rig.fake.failNext({ kind: 'hang-before-body' });
    expect(await rig.provider.send(sms(other, rig.clock))).toMatchObject({ kind: 'ambiguous' });
    expect(await rig.provider.findMessages(other, claimedAt)).toEqual([]);
  });

  it("aborting a hung send is ambiguous; a send aborted before it starts takes nothing", async () => {
    rig = await startRig({ http: { timeoutMs: 10_000 } });
    rig.fake.failNext({ kind: 'hang-after-body' });
    const controller = new AbortController();
    const sending = rig.provider.send(sms(customer, rig.clock), controller.signal);
    while (rig.fake.messages.length === 0) await new Promise((resolve) => setImmediate(resolve));
    controller.abort(new Error('shutting down'));
    expect(await sending).toMatchObject({ kind: 'ambiguous' });
    expect(await rig.provider.send(sms(customer, rig.clock), controller.signal)).toMatchObject({ kind: 'transient', code: 'aborted' });
    expect(rig.fake.messages).toHaveLength(1);
  });

  it("finds a message whose whole-second date_created reads earlier than the claim's milliseconds", async () => {
    // Twilio's dates drop milliseconds: created at .700 reads as .000, before a claim at .500.
    rig = await startRig();
    await rig.clock.sleepUntil(Temporal.Instant.from('2026-12-01T15:00:10.700Z').epochMilliseconds);
    await rig.provider.send(sms(customer, rig.clock));
    expect(await rig.provider.findMessages(customer, Temporal.Instant.from('2026-12-01T15:00:10.500Z'))).toHaveLength(1);
    expect(await rig.provider.findMessages(customer, Temporal.Instant.from('2026-12-01T15:00:11Z'))).toEqual([]);
  });

  it('reconciles through a reset or a 503 while listing, since reading twice is harmless', async () => {
    rig = await startRig();
    const since = rig.clock.now();
    await rig.provider.send(sms(customer, rig.clock));
    rig.fake.failNextList({ kind: 'reset-before-body' });
    rig.fake.failNextList({ kind: 'refuse', status: 503 });
    expect(await rig.provider.findMessages(customer, since)).toHaveLength(1);
    expect(rig.fake.requests.filter((r) => r.method === 'GET').map((r) => r.fault ?? r.status)).toEqual(['reset-before-body', 'refuse', 200]);
  });

  it('lets reconciliation fail loudly when Twilio cannot be read, rather than report "nothing sent"', async () => {
    rig = await startRig({ http: { retry: { maxRetries: 1 } } });
    rig.fake.failNextList({ kind: 'reset-before-body' }, 2);
    await expect(rig.provider.findMessages(customer, rig.clock.now())).rejects.toThrow();
  });

  it('pages through a number with many messages, newest first, and returns them oldest first', async () => {
    rig = await startRig();
    const since = rig.clock.now();
    for (let i = 0; i < 130; i++) {
      await rig.clock.sleepUntil(rig.clock.nowMs() + 1_000);
      await rig.provider.send(sms(customer, rig.clock, `message ${i}`));
    }
    await rig.provider.send(sms('+14155550111', rig.clock));
    const found = await rig.provider.findMessages(customer, since);
    expect(found.map((m) => m.body)).toEqual(Array.from({ length: 130 }, (_, i) => `message ${i}`));
    expect(rig.fake.requests.filter((r) => r.method === 'GET')).toHaveLength(2);
  });
});

describe('the fake refuses what Twilio refuses', () => {
  it('needs Basic auth for the right account', async () => {
    rig = await startRig();
    const url = `${rig.fake.baseUrl}/2010-04-01/Accounts/${accountSid}/Messages.json`;
    const anonymous = await fetch(url, { method: 'POST', body: new URLSearchParams({ To: customer, Body: 'x' }) });
    expect(anonymous.status).toBe(401);
    expect(await anonymous.json()).toEqual({
      code: 20003,
      message: 'Authenticate',
      more_info: 'https://www.twilio.com/docs/errors/20003',
      status: 401
    });
    const basic = 'Basic ' + Buffer.from(`${accountSid}:${authToken}`).toString('base64');
    const missingBody = await fetch(url, {
      method: 'POST',
      headers: { Authorization: basic, 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ To: customer, MessagingServiceSid: messagingServiceSid })
    });
    expect(missingBody.status).toBe(400);
    expect(await missingBody.json()).toMatchObject({ code: 21602 });
  });
});
