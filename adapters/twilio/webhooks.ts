import twilio from 'twilio';
import type { Clock } from '../../core/ports/clock.js';
import type { ProviderEvent } from '../../core/ports/provider.js';
import { webhookPaths } from './config.js';
import { deliveryStatusOf } from './deliveries.js';
import { deliveryErrorScope } from './errors.js';
import type { TwilioProvider } from './provider.js';

export interface TwilioWebhooksOptions {
  /** The account's auth token: Twilio signs webhooks with it (never with an API key secret). */
  authToken: string;
  /** The address Twilio calls, as configured there; the signature covers it, not the proxied URL. */
  publicBaseUrl: string;
  provider: Pick<TwilioProvider, 'receive'>;
  /**
   * The durable write of each new event (the store), awaited before Twilio is answered: when it
   * fails Twilio gets a 500 and retries, instead of a 200 for an event that was never written.
   */
  record?: (event: ProviderEvent) => Promise<void>;
  clock: Clock;
}

export interface TwilioWebhooks {
  /** POST /webhooks/twilio/status: a message's delivery status changed. */
  status(request: Request): Promise<Response>;
  /** POST /webhooks/twilio/inbound: someone texted one of our numbers. */
  inbound(request: Request): Promise<Response>;
}

/**
 * Framework-agnostic handlers for Twilio's two webhooks: Fetch Request in, Response out.
 * A request without a valid X-Twilio-Signature gets 403 and changes nothing; one whose event
 * could not be passed on or recorded gets 500, which Twilio retries.
 */
export function createTwilioWebhooks(options: TwilioWebhooksOptions): TwilioWebhooks {
  const { authToken, publicBaseUrl, provider, record, clock } = options;

  /** Null once the event is recorded (or known already), else the 500 that asks Twilio to retry. */
  async function refusalToReceive(event: ProviderEvent): Promise<Response | null> {
    try {
      await provider.receive(event, record);
      return null;
    } catch (error) {
      return new Response(`The ${event.type} event could not be recorded: ${error instanceof Error ? error.message : String(error)}`, {
        status: 500,
        headers: { 'Content-Type': 'text/plain' }
      });
    }
  }

  async function signedParams(request: Request, path: string): Promise<Params | Response> {
    if (request.method !== 'POST') return new Response('Method not allowed', { status: 405, headers: { Allow: 'POST' } });
    const signature = request.headers.get('x-twilio-signature');
    if (!signature) return forbidden('missing X-Twilio-Signature');
    const params = parseForm(await request.text());
    const url = publicBaseUrl + path + new URL(request.url).search;
    if (!twilio.validateRequest(authToken, signature, url, params)) return forbidden('invalid X-Twilio-Signature');
    return params;
  }

  return {
    async status(request) {
      const params = await signedParams(request, webhookPaths.status);
      if (params instanceof Response) return params;
      const sid = text(params.MessageSid) ?? text(params.SmsSid);
      const twilioStatus = text(params.MessageStatus) ?? text(params.SmsStatus);
      if (!sid || !twilioStatus) return new Response('MessageSid and MessageStatus are required', { status: 400 });
      const status = deliveryStatusOf(twilioStatus);
      if (status) {
        const errorCode = text(params.ErrorCode);
        const errorScope = errorCode ? deliveryErrorScope(errorCode) : undefined;
        const refusal = await refusalToReceive({
          type: 'status',
          providerId: sid,
          status,
          at: clock.now(),
          ...(errorCode ? { errorCode } : {}),
          ...(errorScope ? { errorScope } : {})
        });
        if (refusal !== null) return refusal;
      }
      return new Response(null, { status: 200 });
    },

    async inbound(request) {
      const params = await signedParams(request, webhookPaths.inbound);
      if (params instanceof Response) return params;
      const sid = text(params.MessageSid) ?? text(params.SmsSid);
      const from = text(params.From);
      const to = text(params.To);
      if (!sid || !from || !to) return new Response('MessageSid, From and To are required', { status: 400 });
      const keyword = keywordOf(text(params.OptOutType));
      const refusal = await refusalToReceive({
        type: 'inbound',
        providerId: sid,
        from,
        to,
        body: text(params.Body) ?? '',
        at: clock.now(),
        ...(keyword ? { keyword } : {})
      });
      if (refusal !== null) return refusal;
      // An empty reply: the campaign answers nothing automatically (Twilio answers STOP/HELP itself).
      return new Response(new twilio.twiml.MessagingResponse().toString(), {
        status: 200,
        headers: { 'Content-Type': 'text/xml; charset=utf-8' }
      });
    }
  };
}

// ---- private helpers ----

type Params = Record<string, string | string[]>;

/** Repeated keys stay arrays, because that is how Twilio signs them. */
function parseForm(body: string): Params {
  const params: Params = {};
  for (const [key, value] of new URLSearchParams(body)) {
    const seen = params[key];
    params[key] = seen === undefined ? value : Array.isArray(seen) ? [...seen, value] : [seen, value];
  }
  return params;
}

function text(value: string | string[] | undefined): string | undefined {
  const first = Array.isArray(value) ? value[0] : value;
  return first === undefined || first === '' ? undefined : first;
}

function keywordOf(optOutType: string | undefined): 'stop' | 'start' | 'help' | undefined {
  switch (optOutType?.toUpperCase()) {
    case 'STOP':
      return 'stop';
    case 'START':
      return 'start';
    case 'HELP':
      return 'help';
    default:
      return undefined;
  }
}

function forbidden(reason: string): Response {
  return new Response(`Forbidden: ${reason}`, { status: 403, headers: { 'Content-Type': 'text/plain' } });
}
