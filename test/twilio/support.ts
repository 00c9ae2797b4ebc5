import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Temporal } from 'temporal-polyfill';
import type { Clock } from '../../core/ports/clock.js';
import type { OutboundSms, ProviderEvent } from '../../core/ports/provider.js';
import { seededRandom } from '../../core/ports/random.js';
import { createTwilioClient } from '../../adapters/twilio/client.js';
import { readTwilioConfig, webhookPaths, webhookUrls, type TwilioConfig } from '../../adapters/twilio/config.js';
import { createTwilioProvider, type TwilioProvider } from '../../adapters/twilio/provider.js';
import { TwilioRequestClient, type RequestClientOptions } from '../../adapters/twilio/request-client.js';
import { createTwilioWebhooks, type TwilioWebhooks } from '../../adapters/twilio/webhooks.js';
import { startFakeTwilio, type FakeTwilio, type FakeTwilioOptions } from '../fakes/twilio-server.js';

export const accountSid = 'AC' + '0123456789abcdef'.repeat(2);
export const authToken = 'fake-auth-token-0123456789';
export const messagingServiceSid = 'MG' + 'fedcba9876543210'.repeat(2);
export const ourNumber = '+15005550006';

/**
 * A clock for tests that never waits: sleeping to `atMs` moves it there at once. Backoff still
 * asks it for time, so the waits it would have made can be read back from `slept`.
 */
export function steppingClock(start = '2026-12-01T15:00:00Z'): Clock & { slept: number[] } {
  let now = Temporal.Instant.from(start);
  const slept: number[] = [];
  return {
    slept,
    nowMs: () => now.epochMilliseconds,
    now: () => now,
    async sleepUntil(atMs, signal) {
      if (signal?.aborted) throw signal.reason;
      if (atMs > now.epochMilliseconds) {
        slept.push(atMs - now.epochMilliseconds);
        now = Temporal.Instant.fromEpochMilliseconds(atMs);
      }
    }
  };
}

/** Serves the two webhook handlers on 127.0.0.1 the way a framework would: Node request → Fetch Request. */
export async function startAppServer(): Promise<{
  baseUrl: string;
  use(webhooks: TwilioWebhooks): void;
  close(): Promise<void>;
}> {
  let webhooks: TwilioWebhooks | null = null;
  const server = http.createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const url = `http://127.0.0.1${req.url ?? '/'}`;
    const headers = new Headers();
    for (const [name, value] of Object.entries(req.headers)) if (typeof value === 'string') headers.set(name, value);
    const request = new Request(url, { method: req.method ?? 'GET', headers, ...(req.method === 'POST' ? { body: Buffer.concat(chunks) } : {}) });
    const path = new URL(url).pathname;
    let response: Response;
    try {
      if (!webhooks) response = new Response('not ready', { status: 503 });
      else if (path === webhookPaths.status) response = await webhooks.status(request);
      else if (path === webhookPaths.inbound) response = await webhooks.inbound(request);
      else response = new Response('not found', { status: 404 });
    } catch (error) {
      response = new Response(String(error), { status: 500 });
    }
    const outgoing: Record<string, string> = {};
    response.headers.forEach((value, name) => {
      outgoing[name] = value;
    });
    res.writeHead(response.status, outgoing);
    res.end(Buffer.from(await response.arrayBuffer()));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    use: (w) => {
      webhooks = w;
    },
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  };
}

export interface Rig {
  fake: FakeTwilio;
  provider: TwilioProvider;
  webhooks: TwilioWebhooks;
  clock: ReturnType<typeof steppingClock>;
  config: TwilioConfig;
  appUrl: string;
  events: ProviderEvent[];
  close(): Promise<void>;
}

/**
 * The production wiring against the fake: env → config → request client → SDK client →
 * provider and webhooks, with the webhooks served on loopback for the fake to call.
 */
export async function startRig(
  options: {
    env?: Record<string, string>;
    fake?: Partial<FakeTwilioOptions>;
    http?: Partial<RequestClientOptions>;
    clock?: ReturnType<typeof steppingClock>;
  } = {}
): Promise<Rig> {
  const clock = options.clock ?? steppingClock();
  const app = await startAppServer();
  const fake = await startFakeTwilio({
    accountSid,
    authToken,
    now: () => clock.now(),
    inboundUrl: webhookUrls(app.baseUrl).inbound,
    ...options.fake
  });
  const read = readTwilioConfig({
    TWILIO_ACCOUNT_SID: accountSid,
    TWILIO_AUTH_TOKEN: authToken,
    TWILIO_MESSAGING_SERVICE_SID: messagingServiceSid,
    TWILIO_API_BASE_URL: fake.baseUrl,
    PUBLIC_BASE_URL: app.baseUrl,
    ...options.env
  });
  if (!read.ok) throw new Error(read.message);
  const config = read.config;
  const httpClient = new TwilioRequestClient({
    clock,
    random: seededRandom(7),
    baseUrl: config.apiBaseUrl,
    timeoutMs: 2_000,
    ...options.http
  });
  const provider = createTwilioProvider({
    client: createTwilioClient(config.auth, httpClient),
    sender: config.sender,
    statusCallbackUrl: webhookUrls(config.publicBaseUrl).status,
    clock
  });
  const webhooks = createTwilioWebhooks({
    authToken: config.webhookAuthToken ?? authToken,
    publicBaseUrl: config.publicBaseUrl,
    provider,
    clock
  });
  app.use(webhooks);
  const events: ProviderEvent[] = [];
  provider.onEvent((event) => events.push(event));
  return {
    fake,
    provider,
    webhooks,
    clock,
    config,
    appUrl: app.baseUrl,
    events,
    close: async () => {
      await fake.close();
      await app.close();
    }
  };
}

/** An SMS whose window closes an hour after the rig's clock. */
export function sms(to: string, clock: Clock, body = 'Hi, your order is ready. Reply STOP to opt out.'): OutboundSms {
  return { to, body, from: null, windowClosesAt: clock.now().add({ hours: 1 }), key: `list-1:${to}` };
}
