import { Temporal } from 'temporal-polyfill';
import twilio from 'twilio';
import type { Clock } from '../../core/ports/clock.js';
import type {
  OutboundSms,
  Provider,
  ProviderEvent,
  ProviderMessage,
  SendOutcome
} from '../../core/ports/provider.js';
import type { TwilioSender } from './config.js';
import { createDeliveryLedger, deliveryStatusOf, type DeliveryLedger } from './deliveries.js';
import { classifyTwilioRefusal } from './errors.js';
import { TwilioTransportError, withCallContext, type CallContext } from './request-client.js';
import { validityPeriodSeconds } from './validity.js';

export interface TwilioProviderOptions {
  /** The SDK client, built with a TwilioRequestClient so that network failures can be told apart. */
  client: Pick<twilio.Twilio, 'messages'>;
  sender: TwilioSender;
  /** PUBLIC_BASE_URL + the status webhook path; null sends without delivery callbacks. */
  statusCallbackUrl: string | null;
  clock: Clock;
  /** How many pages of a number's messages reconciliation reads at most. */
  maxReconcilePages?: number;
}

/** A Provider that also takes the events Twilio's webhooks bring in (see webhooks.ts). */
export interface TwilioProvider extends Provider {
  /**
   * Passes a webhook's event to every listener, then waits for `record` (the caller's durable write
   * of it, if any), once per forward step of a message (an inbound message once). Resolves false
   * for a repeat or a step back, which nobody hears about. When a listener throws or `record`
   * rejects, the promise rejects and the step is not remembered, so Twilio's retry still counts.
   */
  receive(event: ProviderEvent, record?: (event: ProviderEvent) => Promise<void>): Promise<boolean>;
}

/** The campaign's own sender when it has one (`MG…` is a Messaging Service), else the configured default. */
function senderOf(sms: OutboundSms, fallback: TwilioSender): TwilioSender {
  if (sms.from === null) return fallback;
  return sms.from.startsWith('MG') ? { messagingServiceSid: sms.from } : { from: sms.from };
}

export function createTwilioProvider(options: TwilioProviderOptions): TwilioProvider {
  const { client, sender, statusCallbackUrl, clock } = options;
  const maxPages = options.maxReconcilePages ?? 20;
  const ledger: DeliveryLedger = createDeliveryLedger();
  const listeners = new Set<(event: ProviderEvent) => void>();
  const emit = (event: ProviderEvent) => {
    for (const listener of [...listeners]) listener(event);
  };

  return {
    async send(sms: OutboundSms, signal?: AbortSignal): Promise<SendOutcome> {
      if (signal?.aborted) return { kind: 'transient', code: 'aborted', message: 'aborted before sending' };
      const context: CallContext = { attempts: 0, ...(signal ? { signal } : {}) };
      try {
        const message = await withCallContext(context, () =>
          client.messages.create({
            to: sms.to,
            body: sms.body,
            ...senderOf(sms, sender),
            ...(statusCallbackUrl ? { statusCallback: statusCallbackUrl } : {}),
            validityPeriod: validityPeriodSeconds(clock.now(), sms.windowClosesAt)
          })
        );
        // Twilio sends no callback for the initial status: it is only known from this answer.
        const status = deliveryStatusOf(message.status) ?? 'queued';
        ledger.reached(message.sid, status);
        return { kind: 'accepted', providerId: message.sid, status };
      } catch (error) {
        return outcomeOfFailure(error, context);
      }
    },

    onEvent(listener) {
      const own = (event: ProviderEvent) => listener(event);
      listeners.add(own);
      return () => listeners.delete(own);
    },

    async findMessages(to: string, since: Temporal.Instant): Promise<ProviderMessage[]> {
      const found: ProviderMessage[] = [];
      // Twilio's date_created has whole seconds: a message taken 300 ms after `since` can read as
      // 700 ms before it, so compare from the start of `since`'s second.
      const sinceSecond = since.round({ smallestUnit: 'second', roundingMode: 'floor' });
      // Not filtered by DateSent: Twilio reads it as a whole UTC date, and a message still queued
      // has no date_sent at all — exactly the message an ambiguous send is looking for.
      let page = await withCallContext({ attempts: 0 }, () => client.messages.page({ to, pageSize: 100 }));
      for (let read = 1; ; read++) {
        let anyRecent = false;
        for (const message of page.instances) {
          const createdAt = Temporal.Instant.fromEpochMilliseconds(message.dateCreated.getTime());
          if (Temporal.Instant.compare(createdAt, sinceSecond) < 0) continue;
          anyRecent = true;
          if (!message.direction.startsWith('outbound')) continue;
          found.push({
            providerId: message.sid,
            to: message.to,
            body: message.body,
            status: deliveryStatusOf(message.status) ?? 'queued',
            createdAt
          });
        }
        // Newest first: a page with nothing recent means the rest is older still.
        if (!anyRecent || !page.nextPageUrl || read >= maxPages) break;
        // nextPage() builds the same class as page() at run time; only its declared type is generic.
        const next: typeof page | undefined = await withCallContext({ attempts: 0 }, async () =>
          (await page.nextPage()) as typeof page | undefined
        );
        if (!next) break;
        page = next;
      }
      return found.sort((a, b) => Temporal.Instant.compare(a.createdAt, b.createdAt) || a.providerId.localeCompare(b.providerId));
    },

    receive(event, record = nothingToRecord) {
      const passOn = async () => {
        emit(event);
        await record(event);
      };
      if (event.type === 'inbound') return ledger.once(event.providerId, passOn);
      return ledger.advance(event.providerId, event.status, passOn);
    }
  };
}

// ---- private helpers ----

const nothingToRecord = async (): Promise<void> => {};

function outcomeOfFailure(error: unknown, context: CallContext): SendOutcome {
  if (error instanceof TwilioTransportError) {
    if (error.mayHaveReachedTwilio) return { kind: 'ambiguous', message: error.message };
    return {
      kind: 'transient',
      code: 'network',
      message: error.message,
      ...(context.retryAfterMs !== undefined ? { retryAfterMs: context.retryAfterMs } : {})
    };
  }
  if (error instanceof twilio.RestException) {
    const outcome = classifyTwilioRefusal(
      error.status,
      error.code === undefined || error.code === null ? null : String(error.code),
      error.message
    );
    if (outcome.kind === 'transient' && context.retryAfterMs !== undefined) {
      return { ...outcome, retryAfterMs: context.retryAfterMs };
    }
    return outcome;
  }
  // Twilio answered 2xx but the SDK could not read the answer: the message may well exist.
  if (context.attempts > 0) return { kind: 'ambiguous', message: `unreadable answer from Twilio: ${String(error)}` };
  throw error;
}
