import { AsyncLocalStorage } from 'node:async_hooks';
import http from 'node:http';
import https from 'node:https';
import type { Clock } from '../../core/ports/clock.js';
import type { Random } from '../../core/ports/random.js';
import { backoffDelayMs, requestRetries, type RetryPolicy } from '../../core/runtime/backoff.js';
import { retryAfterMs } from './retry-after.js';

/**
 * The HTTP client the twilio SDK calls for every API request (passed as its `httpClient`).
 *
 * It exists for three reasons the SDK's own client cannot serve:
 * - `baseUrl` sends every request to another origin (a fake Twilio on loopback, a proxy), keeping
 *   the path, as Twilio documents for custom HTTP clients;
 * - it makes the in-request retries of `requestRetries` (core/runtime/backoff.ts, where every
 *   retry rule is written): with a custom httpClient the SDK ignores its own
 *   `autoRetry`/`maxRetries`, and its client reads `maxRetries: 0` as 3. Here 0 means none;
 * - it knows whether a failed request may have reached Twilio (the whole request was written
 *   and no answer came back), which decides between "retry" and "reconcile first".
 *
 * Backoff waits on the injected Clock and draws jitter from the injected Random; the per-attempt
 * network timeout is a socket timer, which is I/O rather than campaign time. Connections are
 * kept alive between requests (see `keepAliveAgentOptions`).
 */
export interface RequestClientOptions {
  clock: Clock;
  random: Random;
  /** Origin (and optional path prefix) replacing https://api.twilio.com; null keeps Twilio's. */
  baseUrl?: string | null;
  /**
   * Changes to `requestRetries`, for tests. Retried: 429 and 5xx answers, requests that surely
   * never reached Twilio, and any GET.
   */
  retry?: Partial<RetryPolicy>;
  /** No byte from Twilio for this long ends the attempt. */
  timeoutMs?: number;
}

/** The shape of a request the twilio SDK hands its httpClient. */
export interface SdkRequest {
  method: string;
  uri: string;
  username?: string;
  password?: string;
  authStrategy?: { getAuthString(): Promise<string> };
  headers?: Record<string, string>;
  params?: object;
  data?: object;
  timeout?: number;
}

export interface SdkResponse {
  statusCode: number;
  body: string;
  headers: http.IncomingHttpHeaders;
}

/** A request that got no HTTP answer. */
export class TwilioTransportError extends Error {
  override readonly name = 'TwilioTransportError';
  constructor(
    message: string,
    /** The whole request was written before the failure: Twilio may have acted on it. */
    readonly mayHaveReachedTwilio: boolean,
    options?: { cause?: unknown }
  ) {
    super(message, options);
  }
}

/** What the caller of one SDK call lends the client and learns back from it. */
export interface CallContext {
  signal?: AbortSignal;
  /** The last answer's Retry-After, for the caller's own backoff. */
  retryAfterMs?: number;
  attempts: number;
}

const calls = new AsyncLocalStorage<CallContext>();

/** Runs one SDK call so that the client sees `context.signal` and reports into `context`. */
export function withCallContext<T>(context: CallContext, run: () => Promise<T>): Promise<T> {
  return calls.run(context, run);
}

export class TwilioRequestClient {
  readonly #clock: Clock;
  readonly #random: Random;
  readonly #base: URL | null;
  readonly #retry: Readonly<RetryPolicy>;
  readonly #timeoutMs: number;
  readonly #agents: { 'http:': http.Agent; 'https:': https.Agent };

  constructor(options: RequestClientOptions) {
    this.#clock = options.clock;
    this.#random = options.random;
    this.#base = options.baseUrl ? new URL(options.baseUrl) : null;
    this.#retry = { ...requestRetries, ...options.retry };
    this.#timeoutMs = options.timeoutMs ?? 15_000;
    this.#agents = { 'http:': new http.Agent(keepAliveAgentOptions), 'https:': new https.Agent(keepAliveAgentOptions) };
  }

  async request(opts: SdkRequest): Promise<SdkResponse> {
    const context = calls.getStore() ?? { attempts: 0 };
    const url = this.#target(opts.uri, opts.params);
    const headers: Record<string, string> = { ...(opts.headers ?? {}) };
    if (opts.username && opts.password) {
      headers.Authorization = 'Basic ' + Buffer.from(`${opts.username}:${opts.password}`).toString('base64');
    } else if (opts.authStrategy) {
      headers.Authorization = await opts.authStrategy.getAuthString();
    }
    const body = opts.data ? formEncode(opts.data) : undefined;
    if (body !== undefined) headers['Content-Type'] = 'application/x-www-form-urlencoded';
    const method = opts.method.toUpperCase();
    // Reading is safe to repeat whatever happened; a POST only when Twilio surely took nothing.
    const idempotent = method === 'GET';

    const agent = url.protocol === 'https:' ? this.#agents['https:'] : this.#agents['http:'];
    for (let retries = 0; ; retries++) {
      context.attempts++;
      let response: SdkResponse;
      try {
        response = await send(url, method, headers, body, agent, opts.timeout ?? this.#timeoutMs, context.signal);
      } catch (error) {
        const transport = asTransportError(error);
        const retryable = !context.signal?.aborted && (idempotent || !transport.mayHaveReachedTwilio);
        if (!retryable || retries >= this.#retry.maxRetries) throw transport;
        await this.#backoff(retries + 1, 0, context);
        continue;
      }
      const askedMs = retryAfterMs(response.headers['retry-after'], this.#clock.nowMs());
      if (askedMs !== undefined) context.retryAfterMs = askedMs;
      else delete context.retryAfterMs;
      const refusedForNow = response.statusCode === 429 || response.statusCode >= 500;
      if (!refusedForNow || retries >= this.#retry.maxRetries) return response;
      // Asked to wait longer than a request may: the recipient's retry waits it out, loop free.
      if (askedMs !== undefined && askedMs > this.#retry.maxDelayMs) return response;
      await this.#backoff(retries + 1, askedMs ?? 0, context);
    }
  }

  #target(uri: string, params: object | undefined): URL {
    const original = new URL(uri);
    const url = this.#base
      ? new URL(this.#base.pathname.replace(/\/+$/, '') + original.pathname + original.search, this.#base.origin)
      : original;
    if (params) for (const [key, value] of formEntries(params)) url.searchParams.append(key, value);
    return url;
  }

  /** Waits before the `retry`-th retry (from 1); Retry-After is a floor, as for a recipient. */
  async #backoff(retry: number, retryAfterMs: number, context: CallContext): Promise<void> {
    const delayMs = Math.max(retryAfterMs, backoffDelayMs(this.#retry, retry, this.#random));
    try {
      await this.#clock.sleepUntil(this.#clock.nowMs() + delayMs, context.signal);
    } catch (cause) {
      throw new TwilioTransportError('aborted while waiting to retry', false, { cause });
    }
  }
}

// ---- private helpers ----

/**
 * A new connection per SMS pays a TCP and a TLS handshake (two or three more round trips to
 * Twilio) every time and, over days of sending, leaves a trail of sockets in TIME_WAIT; a
 * kept-alive connection is reused send after send.
 */
const keepAliveAgentOptions: http.AgentOptions = {
  keepAlive: true,
  // The runtime sends one message at a time and reconciliation reads beside it: a few sockets
  // are plenty, and the bound stops a burst of callers from opening a connection each, which
  // Twilio's per-account concurrency limit would answer with 429s anyway.
  maxSockets: 4,
  maxFreeSockets: 2,
  // An idle connection is closed by us before the server would close it. A request written onto
  // a connection the server is closing fails after its bytes left, which reads as "may have
  // reached Twilio": an ambiguous send, reconciled for nothing. Servers commonly keep idle
  // connections 5 s (Node's default) to 75 s (nginx's); Node's agent also shortens this to a
  // server's Keep-Alive hint less 1 s.
  timeout: 4_000
};

function send(
  url: URL,
  method: string,
  headers: Record<string, string>,
  body: string | undefined,
  agent: http.Agent,
  timeoutMs: number,
  signal: AbortSignal | undefined
): Promise<SdkResponse> {
  return new Promise((resolve, reject) => {
    let written = false;
    const transport = url.protocol === 'https:' ? https : http;
    const outgoing = { ...headers, ...(body !== undefined ? { 'Content-Length': String(Buffer.byteLength(body)) } : {}) };
    const request = transport.request(url, { method, headers: outgoing, signal, agent }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () =>
        resolve({ statusCode: response.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8'), headers: response.headers })
      );
      response.on('error', (cause) => reject(new TwilioTransportError('response cut off', true, { cause })));
    });
    // 'finish': every byte of the request is handed to the operating system; from here on
    // Twilio may have it, so a failure can no longer prove that nothing was sent.
    request.on('finish', () => {
      written = true;
    });
    request.setTimeout(timeoutMs, () => request.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    request.on('error', (cause) =>
      reject(new TwilioTransportError(`${method} ${url.pathname} failed: ${cause.message}`, written, { cause }))
    );
    request.end(body);
  });
}

function asTransportError(error: unknown): TwilioTransportError {
  if (error instanceof TwilioTransportError) return error;
  return new TwilioTransportError(String(error), true, { cause: error });
}

function formEntries(data: object): Array<[string, string]> {
  const entries: Array<[string, string]> = [];
  for (const [key, value] of Object.entries(data)) {
    if (value === undefined || value === null) continue;
    for (const item of Array.isArray(value) ? value : [value]) entries.push([key, String(item)]);
  }
  return entries;
}

function formEncode(data: object): string {
  return new URLSearchParams(formEntries(data)).toString();
}
