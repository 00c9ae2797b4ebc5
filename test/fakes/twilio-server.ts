import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Temporal } from 'temporal-polyfill';
import twilio from 'twilio';
import { seededRandom, type Random } from '../../core/ports/random.js';

/**
 * A fake Twilio REST API on 127.0.0.1, faithful where the adapter depends on it: the Messages
 * resource (create and list), Basic auth, Twilio's form validation and legacy error JSON, its
 * magic test numbers, second-precision RFC 2822 dates, signed status callbacks and signed
 * inbound messages — plus faults real Twilio shows only on bad days.
 */

export type Fault =
  /** Answer with this HTTP status and Twilio error code; nothing is created. */
  | {
      kind: 'refuse';
      status: number;
      code?: number;
      message?: string;
      retryAfterSeconds?: number;
      /** A Retry-After header as given (an HTTP date, say), when not `retryAfterSeconds`. */
      retryAfter?: string;
    }
  /** Cut the connection without reading the request body: nothing is created. */
  | { kind: 'reset-before-body' }
  /** Read the body, create the message, then cut the connection: the client never hears. */
  | { kind: 'reset-after-body' }
  /** Never read the body, never answer. */
  | { kind: 'hang-before-body' }
  /** Create the message and never answer. */
  | { kind: 'hang-after-body' };

/** The order in which the fake POSTs a message's status callbacks (Twilio's own order may vary). */
export interface DeliveryScript {
  statuses: string[];
  errorCode?: string;
}

export interface FakeMessage {
  sid: string;
  to: string;
  from: string | null;
  messagingServiceSid: string | null;
  body: string;
  status: string;
  errorCode: string | null;
  createdAt: Temporal.Instant;
  /** Every form parameter as received. */
  params: Record<string, string>;
}

export interface FakeTwilioOptions {
  accountSid: string;
  authToken: string;
  apiKeys?: Array<{ sid: string; secret: string }>;
  /** The fake's time, for date_created: the same clock as the code under test. */
  now: () => Temporal.Instant;
  /** When set, each created message's callbacks are POSTed at once, following `script`. */
  autoDeliver?: boolean;
  script?: (message: FakeMessage) => DeliveryScript;
  /** Where inbound messages are POSTed (the number's "A message comes in" webhook). */
  inboundUrl?: string;
  /** The port to listen on (127.0.0.1); any free one when omitted. */
  port?: number;
}

export interface FakeTwilio {
  /** http://127.0.0.1:port — give it as TWILIO_API_BASE_URL. */
  baseUrl: string;
  messages: FakeMessage[];
  /** TCP connections accepted so far: a client that keeps connections alive opens few. */
  connections: number;
  /** Every API request, with the fault it met (null: served normally). */
  requests: Array<{ method: string; path: string; fault: Fault['kind'] | null; status: number | null }>;
  /** Applies `fault` to the next `times` POSTs to Messages.json, after those already queued. */
  failNext(fault: Fault, times?: number): void;
  /** The same for listing (GET Messages.json): a refusal or a reset, since a list creates nothing. */
  failNextList(fault: Extract<Fault, { kind: 'refuse' | 'reset-before-body' }>, times?: number): void;
  /** Decides a fault for every POST not covered by failNext (n counts POSTs from 1). */
  faultPolicy: ((n: number) => Fault | null) | null;
  /** POSTs `script`'s callbacks for a message, in order; resolves when all were answered. */
  deliver(sid: string, script: DeliveryScript): Promise<number[]>;
  /** A customer texts `to` (our number): POSTs a signed inbound webhook. */
  sendInbound(input: { from: string; to: string; body: string }): Promise<{ status: number; body: string }>;
  /** POSTs form `params` to `url` with a correct, wrong or missing signature. */
  post(url: string, params: Record<string, string>, signature?: 'valid' | 'wrong' | 'missing'): Promise<{ status: number; body: string }>;
  /** Numbers that replied STOP: Twilio refuses to text them (21610) until START. */
  optedOut: Set<string>;
  /** Resolves when every callback started so far has been answered. */
  idle(): Promise<void>;
  close(): Promise<void>;
}

/** Twilio's magic test numbers (https://www.twilio.com/docs/iam/test-credentials). */
export const magicNumbers = {
  validFrom: '+15005550006',
  invalidTo: '+15005550001',
  unreachableTo: '+15005550002',
  regionNotEnabledTo: '+15005550003',
  optedOutTo: '+15005550004',
  notMobileTo: '+15005550009',
  invalidFrom: '+15005550001',
  notOwnedFrom: '+15005550007',
  queueFullFrom: '+15005550008'
} as const;

const optOutWords = ['STOP', 'STOPALL', 'UNSUBSCRIBE', 'CANCEL', 'END', 'QUIT', 'REVOKE', 'OPTOUT'];
const optInWords = ['START', 'YES', 'UNSTOP'];
const helpWords = ['HELP', 'INFO'];

export async function startFakeTwilio(options: FakeTwilioOptions): Promise<FakeTwilio> {
  const messages: FakeMessage[] = [];
  const requests: FakeTwilio['requests'] = [];
  const queued: Fault[] = [];
  const queuedForList: Fault[] = [];
  const inFlight = new Set<Promise<unknown>>();
  const optedOut = new Set<string>();
  let posts = 0;
  let inboundCount = 0;

  const fake: FakeTwilio = {
    baseUrl: '',
    connections: 0,
    messages,
    requests,
    optedOut,
    faultPolicy: null,
    failNext(fault, times = 1) {
      for (let i = 0; i < times; i++) queued.push(fault);
    },
    failNextList(fault, times = 1) {
      for (let i = 0; i < times; i++) queuedForList.push(fault);
    },
    async deliver(sid, script) {
      const message = messages.find((m) => m.sid === sid);
      const callback = message?.params.StatusCallback;
      if (!message || !callback) return [];
      const answers: number[] = [];
      for (const status of script.statuses) {
        if (['delivered', 'undelivered', 'failed'].includes(status)) {
          message.status = status;
          message.errorCode = script.errorCode ?? null;
        } else if (message.status === 'queued' || message.status === 'accepted') {
          message.status = status;
        }
        const params: Record<string, string> = {
          AccountSid: options.accountSid,
          MessageSid: sid,
          SmsSid: sid,
          MessageStatus: status,
          SmsStatus: status,
          To: message.to,
          ApiVersion: '2010-04-01',
          ...(message.from ? { From: message.from } : {}),
          ...(message.messagingServiceSid ? { MessagingServiceSid: message.messagingServiceSid } : {}),
          ...(script.errorCode && ['undelivered', 'failed'].includes(status) ? { ErrorCode: script.errorCode } : {})
        };
        answers.push((await fake.post(callback, params)).status);
      }
      return answers;
    },
    async sendInbound({ from, to, body }) {
      if (!options.inboundUrl) throw new Error('startFakeTwilio: no inboundUrl to send inbound messages to');
      const word = body.trim().toUpperCase();
      let optOutType: string | undefined;
      if (optOutWords.includes(word)) {
        optOutType = 'STOP';
        optedOut.add(from);
      } else if (optInWords.includes(word)) {
        optOutType = 'START';
        optedOut.delete(from);
      } else if (helpWords.includes(word)) {
        optOutType = 'HELP';
      }
      inboundCount++;
      const sid = 'SM' + (0x8000_0000 + inboundCount).toString(16).padStart(32, 'f');
      return fake.post(options.inboundUrl, {
        AccountSid: options.accountSid,
        MessageSid: sid,
        SmsSid: sid,
        SmsMessageSid: sid,
        From: from,
        To: to,
        Body: body,
        NumMedia: '0',
        NumSegments: '1',
        ApiVersion: '2010-04-01',
        ...(optOutType ? { OptOutType: optOutType } : {})
      });
    },
    async post(url, params, signature = 'valid') {
      const headers: Record<string, string> = {
        'Content-Type': 'application/x-www-form-urlencoded',
        'User-Agent': 'TwilioProxy/1.1'
      };
      if (signature !== 'missing') {
        const valid = twilio.getExpectedTwilioSignature(options.authToken, url, params);
        headers['X-Twilio-Signature'] = signature === 'valid' ? valid : valid.slice(0, -4) + 'AAA=';
      }
      const sending = fetch(url, { method: 'POST', headers, body: new URLSearchParams(params).toString() }).then(
        async (response) => ({ status: response.status, body: await response.text() })
      );
      inFlight.add(sending);
      try {
        return await sending;
      } finally {
        inFlight.delete(sending);
      }
    },
    async idle() {
      while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
    },
    async close() {
      await fake.idle();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  };

  const server = http.createServer((request, response) => {
    void route(request, response).catch((error: unknown) => {
      if (!response.headersSent) twilioError(response, 500, 20500, `fake Twilio crashed: ${String(error)}`);
    });
  });
  server.on('connection', () => {
    fake.connections++;
  });

  async function route(request: http.IncomingMessage, response: http.ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    const log = { method: request.method ?? '', path: url.pathname, fault: null as Fault['kind'] | null, status: null as number | null };
    requests.push(log);
    const match = /^\/2010-04-01\/Accounts\/([^/]+)\/Messages\.json$/.exec(url.pathname);
    if (!match) return twilioError(response, 404, 20404, 'The requested resource was not found', log);
    if (!authorized(request.headers.authorization)) {
      await readBody(request);
      return twilioError(response, 401, 20003, 'Authenticate', log);
    }
    if (match[1] !== options.accountSid) {
      await readBody(request);
      return twilioError(response, 404, 20404, `The requested resource /2010-04-01/Accounts/${match[1]}/Messages.json was not found`, log);
    }
    if (request.method === 'GET') {
      const fault = queuedForList.shift();
      log.fault = fault?.kind ?? null;
      if (fault?.kind === 'reset-before-body') return void request.socket.destroy();
      if (fault?.kind === 'refuse') return twilioError(response, fault.status, fault.code ?? 20500, fault.message ?? 'Injected fault', log);
      return list(url, response, log);
    }
    if (request.method !== 'POST') return twilioError(response, 405, 20004, 'Method not allowed', log);

    posts++;
    const fault = queued.shift() ?? fake.faultPolicy?.(posts) ?? null;
    log.fault = fault?.kind ?? null;
    if (fault?.kind === 'reset-before-body') return void request.socket.destroy();
    if (fault?.kind === 'hang-before-body') return;
    const params = Object.fromEntries(new URLSearchParams(await readBody(request)));
    if (fault?.kind === 'refuse') {
      const retryAfter = fault.retryAfterSeconds !== undefined ? String(fault.retryAfterSeconds) : fault.retryAfter;
      if (retryAfter !== undefined) response.setHeader('Retry-After', retryAfter);
      return twilioError(response, fault.status, fault.code ?? (fault.status === 429 ? 20429 : 20500), fault.message ?? 'Injected fault', log);
    }
    const refusal = validate(params);
    if (refusal) return twilioError(response, 400, refusal.code, refusal.message, log);
    const message = create(params);
    // Taken is taken: Twilio delivers it even when the client never heard the answer.
    if (options.autoDeliver && message.params.StatusCallback) {
      const script = options.script?.(message) ?? { statuses: ['sent', 'delivered'] };
      const delivering = Promise.resolve().then(() => fake.deliver(message.sid, script));
      inFlight.add(delivering);
      void delivering.finally(() => inFlight.delete(delivering));
    }
    if (fault?.kind === 'reset-after-body') return void request.socket.destroy();
    if (fault?.kind === 'hang-after-body') return;
    log.status = 201;
    json(response, 201, resource(message));
  }

  function authorized(header: string | undefined): boolean {
    if (!header?.startsWith('Basic ')) return false;
    const [user, ...rest] = Buffer.from(header.slice(6), 'base64').toString('utf8').split(':');
    const secret = rest.join(':');
    if (user === options.accountSid) return secret === options.authToken;
    return (options.apiKeys ?? []).some((key) => key.sid === user && key.secret === secret);
  }

  function validate(params: Record<string, string>): { code: number; message: string } | null {
    const to = params.To;
    if (!to) return { code: 21604, message: "A 'To' phone number is required." };
    if (!params.From && !params.MessagingServiceSid) return { code: 21603, message: "A 'From' phone number is required." };
    if (params.MessagingServiceSid && !/^MG[0-9a-f]{32}$/i.test(params.MessagingServiceSid)) {
      return { code: 21701, message: `The Messaging Service Sid ${params.MessagingServiceSid} is invalid.` };
    }
    if (!params.Body && !params.MediaUrl && !params.ContentSid) return { code: 21602, message: 'Message body is required.' };
    if ((params.Body ?? '').length > 1600) return { code: 21617, message: 'The concatenated message body exceeds the 1600 character limit.' };
    if (params.StatusCallback !== undefined && !/^https?:\/\/[^\s/]+\/\S*$/.test(params.StatusCallback)) {
      return { code: 21609, message: "Invalid 'StatusCallback'" };
    }
    if (params.ValidityPeriod !== undefined) {
      const seconds = Number(params.ValidityPeriod);
      // Twilio rejects a ValidityPeriod outside 1..36000; the exact code here is not Twilio's.
      if (!Number.isInteger(seconds) || seconds < 1 || seconds > 36000) {
        return { code: 21623, message: `ValidityPeriod must be an integer from 1 to 36000, got ${params.ValidityPeriod}.` };
      }
    }
    if (params.From === magicNumbers.invalidFrom) return { code: 21212, message: `The 'From' number ${params.From} is not a valid phone number.` };
    if (params.From === magicNumbers.notOwnedFrom) {
      return { code: 21606, message: `The 'From' phone number provided (${params.From}) is not a valid message-capable Twilio phone number for this destination/account.` };
    }
    if (params.From === magicNumbers.queueFullFrom) return { code: 21611, message: "This 'From' number has exceeded the maximum number of queued messages." };
    if (to === magicNumbers.invalidTo || !/^\+[1-9]\d{6,14}$/.test(to)) return { code: 21211, message: `The 'To' number ${to} is not a valid phone number.` };
    if (to === magicNumbers.unreachableTo) return { code: 21612, message: `The 'To' phone number: ${to}, is not currently reachable using the 'From' phone number via SMS.` };
    if (to === magicNumbers.regionNotEnabledTo) return { code: 21408, message: `Permission to send an SMS has not been enabled for the region indicated by the 'To' number: ${to}.` };
    if (to === magicNumbers.optedOutTo || optedOut.has(to)) return { code: 21610, message: 'Attempt to send to unsubscribed recipient' };
    if (to === magicNumbers.notMobileTo) return { code: 21614, message: `'To' number ${to} is not a valid mobile number.` };
    return null;
  }

  function create(params: Record<string, string>): FakeMessage {
    const message: FakeMessage = {
      sid: 'SM' + (messages.length + 1).toString(16).padStart(32, '0'),
      to: params.To ?? '',
      from: params.From ?? null,
      messagingServiceSid: params.MessagingServiceSid ?? null,
      body: params.Body ?? '',
      status: params.MessagingServiceSid ? 'accepted' : 'queued',
      errorCode: null,
      createdAt: options.now(),
      params
    };
    messages.push(message);
    return message;
  }

  function list(url: URL, response: http.ServerResponse, log: FakeTwilio['requests'][number]): void {
    const to = url.searchParams.get('To');
    const pageSize = Math.min(1000, Number(url.searchParams.get('PageSize') ?? 50));
    const page = Number(url.searchParams.get('Page') ?? 0);
    // Newest first, as Twilio lists them.
    const matching = messages
      .filter((m) => to === null || m.to === to)
      .slice()
      .reverse();
    const slice = matching.slice(page * pageSize, (page + 1) * pageSize);
    const base = `/2010-04-01/Accounts/${options.accountSid}/Messages.json`;
    const query = (p: number) => `${base}?${to ? `To=${encodeURIComponent(to)}&` : ''}PageSize=${pageSize}&Page=${p}`;
    log.status = 200;
    json(response, 200, {
      messages: slice.map(resource),
      page,
      page_size: pageSize,
      start: page * pageSize,
      end: page * pageSize + slice.length - 1,
      uri: query(page),
      first_page_uri: query(0),
      previous_page_uri: page > 0 ? query(page - 1) : null,
      next_page_uri: (page + 1) * pageSize < matching.length ? query(page + 1) : null
    });
  }

  function resource(m: FakeMessage): Record<string, unknown> {
    const date = rfc2822(m.createdAt);
    const uri = `/2010-04-01/Accounts/${options.accountSid}/Messages/${m.sid}.json`;
    return {
      sid: m.sid,
      account_sid: options.accountSid,
      api_version: '2010-04-01',
      body: m.body,
      date_created: date,
      date_updated: date,
      date_sent: ['queued', 'accepted'].includes(m.status) ? null : date,
      direction: 'outbound-api',
      error_code: m.errorCode === null ? null : Number(m.errorCode),
      error_message: null,
      from: m.from,
      messaging_service_sid: m.messagingServiceSid,
      num_media: '0',
      num_segments: '1',
      price: null,
      price_unit: 'USD',
      status: m.status,
      subresource_uris: { media: uri.replace('.json', '/Media.json') },
      to: m.to,
      uri
    };
  }

  function twilioError(
    response: http.ServerResponse,
    status: number,
    code: number,
    message: string,
    log?: FakeTwilio['requests'][number]
  ): void {
    if (log) log.status = status;
    json(response, status, { code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status });
  }

  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  fake.baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return fake;
}

/** Delivery scripts drawn from a seed: some out of order, some duplicated, as Twilio can. */
export function shuffledScripts(seed: number, rates: { outOfOrder: number; duplicate: number }): (m: FakeMessage) => DeliveryScript {
  const random: Random = seededRandom(seed);
  return () => {
    let statuses = ['sent', 'delivered'];
    if (random.next() < rates.outOfOrder) statuses = ['delivered', 'sent'];
    if (random.next() < rates.duplicate) statuses = [...statuses, ...statuses];
    return { statuses };
  };
}

// ---- private helpers ----

function readBody(request: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

function json(response: http.ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  response.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(text) });
  response.end(text);
}

/** Twilio's date format: RFC 2822, whole seconds, +0000. */
function rfc2822(instant: Temporal.Instant): string {
  return new Date(instant.epochMilliseconds).toUTCString().replace('GMT', '+0000');
}
