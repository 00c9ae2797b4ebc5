import type { Temporal } from 'temporal-polyfill';

/** One SMS handed to a provider. */
export interface OutboundSms {
  /** E.164. */
  to: string;
  body: string;
  /**
   * Who it comes from, as the campaign's `sender` gives it (a Messaging Service SID `MG…`, or an
   * E.164 number); null: the provider's configured default. A provider without senders ignores it.
   */
  from: string | null;
  /**
   * When the recipient's current sending window closes: a provider that can expire queued
   * messages (Twilio's ValidityPeriod) uses it so nothing arrives after hours.
   */
  windowClosesAt: Temporal.Instant;
  /** Stable per recipient of a list; lets a provider or a reconciliation recognise a repeat. */
  key: string;
}

/**
 * Delivery states: `queued` → `sent` → one of the final three (`delivered`, `undelivered`,
 * `failed`). A message only moves forward; the final three do not lead to one another.
 */
export const deliveryStatuses = ['queued', 'sent', 'delivered', 'undelivered', 'failed'] as const;
export type DeliveryStatus = (typeof deliveryStatuses)[number];

/**
 * What happened to one send attempt:
 * - `accepted`: the provider took it; `status` is its initial state (no callback is sent for it).
 * - `permanent`: refused for this recipient and never to be retried (`opted_out` for an
 *   unsubscribed number), or, with `scope: 'campaign'`, refused because the campaign's own
 *   configuration is wrong (sending must stop and administrators be told, not the list burnt).
 * - `transient`: not taken, nothing reached the provider's queue; retry later.
 * - `ambiguous`: the request may have reached the provider; never re-send blindly, reconcile.
 */
export type SendOutcome =
  | { kind: 'accepted'; providerId: string; status: DeliveryStatus }
  | {
      kind: 'permanent';
      scope: 'recipient' | 'campaign';
      reason: 'invalid_number' | 'opted_out' | 'unreachable' | 'configuration' | 'other';
      code: string;
      message: string;
    }
  | { kind: 'transient'; code: string; message: string; retryAfterMs?: number }
  | { kind: 'ambiguous'; message: string };

/** Events a provider reports after the send: delivery callbacks and inbound messages. */
export type ProviderEvent =
  | {
      type: 'status';
      providerId: string;
      status: DeliveryStatus;
      at: Temporal.Instant;
      /** The same instant in epoch ms, when the provider has it (a simulated one does): see `atMsOf`. */
      atMs?: number;
      errorCode?: string;
      /**
       * The provider's reading of `errorCode`, when it has one: `campaign` means the sender's own
       * configuration is at fault (stop sending, tell administrators), `recipient` that this number
       * will not take messages, `transient` that a later attempt may work.
       */
      errorScope?: 'recipient' | 'campaign' | 'transient';
    }
  | {
      type: 'inbound';
      providerId: string;
      from: string;
      to: string;
      body: string;
      at: Temporal.Instant;
      atMs?: number;
      /**
       * The provider's own reading of an opt-out keyword (Twilio's `OptOutType`), which can cover
       * keywords configured at the provider; consumers still apply their own keyword rules too.
       */
      keyword?: 'stop' | 'start' | 'help';
    };

/** A message the provider knows it took, as found when reconciling an ambiguous send. */
export interface ProviderMessage {
  providerId: string;
  to: string;
  body: string;
  status: DeliveryStatus;
  createdAt: Temporal.Instant;
}

/**
 * Sends SMS and reports what became of them.
 *
 * Not promised: delivery callbacks in order, or only once (consumers keep statuses forward-only
 * and deduplicate), or after the response to their send (a store keeps a report for an id it does
 * not know yet); that `send` never takes long (callers pass a signal); that reconciliation sees a
 * message the instant it was accepted.
 */
export interface Provider {
  send(sms: OutboundSms, signal?: AbortSignal): Promise<SendOutcome>;
  /** Subscribes to delivery and inbound events; returns the unsubscribe function. */
  onEvent(listener: (event: ProviderEvent) => void): () => void;
  /**
   * Messages to `to` created at or after `since`, to decide what an ambiguous send did. At the
   * provider's precision: Twilio dates whole seconds, so a message up to a second before `since`
   * may be included (better than missing the one being looked for).
   */
  findMessages(to: string, since: Temporal.Instant): Promise<ProviderMessage[]>;
}
