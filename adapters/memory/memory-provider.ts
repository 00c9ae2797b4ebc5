import { Temporal } from 'temporal-polyfill';
import { classifyReply } from '../../core/campaign/opt-out.js';
import type { Clock } from '../../core/ports/clock.js';
import type {
  DeliveryStatus,
  OutboundSms,
  Provider,
  ProviderEvent,
  ProviderMessage,
  SendOutcome
} from '../../core/ports/provider.js';
import { seededRandom, type Random } from '../../core/ports/random.js';
import { Draws } from './provider-draws.js';
import { providerIdOf, statusCallbackOf, type StatusCallback } from './status-callback.js';
import { TakenMessages } from './taken-messages.js';

/**
 * The simulated world on the other side of the provider. Every rate is a probability per message;
 * all zero (the default) is the ideal provider: it takes every message at once, confirms delivery
 * and never hears back. One seed drives every choice, drawn in a fixed order per message, so a seed
 * replays a run exactly.
 */
export interface MemoryProviderOptions {
  clock: Clock;
  seed?: number;
  /** How long `send` takes; the runtime's clock moves on meanwhile. */
  latencyMs?: number;
  /** 429/5xx-like refusals: nothing queued, try later. */
  transientFailureRate?: number;
  /** Permanent refusals (invalid number) for this share of messages. */
  failureRate?: number;
  /** Numbers the provider always refuses, and why. */
  permanentNumbers?: ReadonlyMap<string, 'invalid_number' | 'opted_out' | 'unreachable'>;
  /** Sends that time out after the request went out; half of them were really taken. */
  ambiguousRate?: number;
  /** When the carrier's final status arrives after acceptance (`sent` arrives halfway). */
  deliveryDelayMs?: number;
  /** Taken, then finally `undelivered`. */
  undeliveredRate?: number;
  /** Status callbacks that arrive in the wrong order (final before `sent`), or twice. */
  outOfOrderRate?: number;
  /** Customers who answer with a message… */
  replyRate?: number;
  /** …or with STOP (checked first)… */
  optOutRate?: number;
  /** …and, having stopped, later say START. */
  optInRate?: number;
  /** Mean delay of a reply after the message; a second reply, when there is one, follows within hours. */
  replyDelayMs?: number;
  /** Of those who reply, the share who write again. */
  secondReplyRate?: number;
  /** The campaign's own number, the `to` of inbound messages. */
  from?: string;
}

export interface MemoryProvider extends Provider {
  /** Makes the next `send` end with `outcome`; `taken` says whether the provider really kept it. */
  failNext(outcome: Exclude<SendOutcome, { kind: 'accepted' }>, options?: { taken?: boolean }): void;
  /** A customer writes in now. */
  receive(from: string, body: string): void;
  /** Passes an event to listeners at once: one the simulated world would not make up itself. */
  report(event: ProviderEvent): void;
  /** Every message the provider took, in order. */
  messages(): ProviderMessage[];
}

const replies = ['Thanks!', 'What time can I pick it up?', 'ok', 'Can you call me?', 'Is it still available?'];

export function createMemoryProvider(options: MemoryProviderOptions): MemoryProvider {
  const o = { ...defaults, ...options };
  const { clock } = o;
  const random: Random = seededRandom(o.seed);
  const listeners = new Set<(event: ProviderEvent) => void>();
  // Every message taken, one column per field and no object per message: a simulation keeps
  // millions, and the garbage collector walks every live object on each pass. Instants are epoch
  // ms (see the memory store on why millions of Instants must not live).
  const taken = new TakenMessages();
  const stoppedPhones = new Set<string>();
  const scratchDraws = new Draws();
  const forced: Array<{ outcome: Exclude<SendOutcome, { kind: 'accepted' }>; taken: boolean }> = [];
  let inboundCount = 0;
  /** Events due now that the message being followed up makes, emitted together (see followUp). */
  let dueNow: Due[] | null = null;
  /** Holds them while the message is followed up: one array reused, not one grown per message. */
  const dueScratch: Due[] = [];

  function emit(event: ProviderEvent): void {
    for (const listener of listeners) listener(event);
  }

  function emitAt(atMs: number, make: (atMs: number) => ProviderEvent): void {
    const nowMs = clock.nowMs();
    if (atMs <= nowMs) {
      if (dueNow !== null) dueNow.push(make);
      else emitSoon(nowMs, [make]);
      return;
    }
    void clock.sleepUntil(atMs).then(() => emit(make(atMs)));
  }

  /**
   * Now, but never inside the call that caused them: as callbacks overtaking a response would. A
   * reaction to a settled promise is queued exactly as queueMicrotask would queue it, without the
   * async resource and bound function Node's queueMicrotask makes for every call.
   */
  function emitSoon(nowMs: number, makes: Due[]): void {
    void settled.then(() => {
      for (const make of makes) {
        if (typeof make === 'function') emit(make(nowMs));
        else {
          taken.status.set(make.index, make.status);
          emit(make);
        }
      }
    });
  }

  function inbound(from: string, body: string, atMs: number): void {
    emitAt(atMs, (atMs) => {
      // The simulated carrier blocks a phone that opted out, as Twilio does (error 21610).
      const kind = classifyReply(body);
      if (kind === 'opt_out') stoppedPhones.add(from);
      if (kind === 'opt_in') stoppedPhones.delete(from);
      inboundCount += 1;
      return { type: 'inbound', providerId: `MM${inboundCount}`, from, to: o.from, body, at: Temporal.Instant.fromEpochMilliseconds(atMs), atMs };
    });
  }

  /** Takes a message; its index among those taken. */
  function take(sms: OutboundSms): number {
    return taken.add(sms.to, sms.body, clock.nowMs());
  }

  /** A delivery callback about message `index`, due at `atMs`. */
  function statusCallback(index: number, providerId: string, atMs: number, status: DeliveryStatus): void {
    const nowMs = clock.nowMs();
    if (atMs <= nowMs && dueNow !== null) {
      // Made now, not when emitted (nothing in it can change meanwhile): no closure per callback.
      dueNow.push(statusCallbackOf(index, providerId, nowMs, status));
      return;
    }
    emitAt(atMs, (atMs) => {
      taken.status.set(index, status);
      return statusCallbackOf(index, providerId, atMs, status);
    });
  }

  /**
   * What happens after a message is taken: delivery callbacks, then perhaps the customer. Those due
   * at once are emitted in one microtask, in order: nothing else can queue one between them here,
   * so they run just as they would one microtask each, for half the promises.
   */
  function followUp(index: number, draws: Draws, providerId: string): void {
    dueNow = dueScratch;
    try {
      makeFollowUps(index, draws, providerId);
    } finally {
      dueNow = null;
      if (dueScratch.length > 0) emitSoon(clock.nowMs(), dueScratch.slice());
      dueScratch.length = 0;
    }
  }

  function makeFollowUps(index: number, draws: Draws, providerId: string): void {
    const to = taken.to.at(index);
    const sentAtMs = clock.nowMs();
    const deliveryMs = o.deliveryDelayMs * (0.5 + draws.deliveryJitter);
    const final: DeliveryStatus = draws.undelivered < o.undeliveredRate ? 'undelivered' : 'delivered';
    const sentMs = sentAtMs + Math.floor(deliveryMs / 2);
    const finalMs = sentAtMs + Math.floor(deliveryMs);
    if (draws.disorder < o.outOfOrderRate) {
      // The final status overtakes `sent`, and comes again at its own time.
      statusCallback(index, providerId, sentAtMs + Math.floor(deliveryMs / 4), final);
      statusCallback(index, providerId, sentMs, 'sent');
      statusCallback(index, providerId, finalMs, final);
    } else {
      statusCallback(index, providerId, sentMs, 'sent');
      statusCallback(index, providerId, finalMs, final);
    }
    if (final !== 'delivered') return;
    const replyAtMs = sentAtMs + Math.floor(o.replyDelayMs * (0.5 + draws.replyJitter));
    if (draws.reply < o.optOutRate) {
      inbound(to, 'STOP', replyAtMs);
      if (draws.second < o.optInRate) inbound(to, 'START', replyAtMs + hourMs * (1 + Math.floor(draws.secondJitter * 48)));
    } else if (draws.reply < o.optOutRate + o.replyRate) {
      inbound(to, replies[Math.floor(draws.replyText * replies.length)] ?? 'ok', replyAtMs);
      if (draws.second < o.secondReplyRate) {
        inbound(to, 'Also, thank you.', replyAtMs + Math.floor(draws.secondJitter * 30 * hourMs));
      }
    }
  }

  /** The outcome of a message once on the wire (its draws already made). */
  function outcomeOf(sms: OutboundSms, draws: Draws): SendOutcome {
    const next = forced.shift();
    if (next !== undefined) {
      if (next.taken) takeAndFollowUp(sms, draws);
      return next.outcome;
    }
    const refusal = o.permanentNumbers.get(sms.to) ?? (stoppedPhones.has(sms.to) ? 'opted_out' : null);
    if (refusal !== null) return permanent(refusal);
    if (draws.transient < o.transientFailureRate) {
      return { kind: 'transient', code: '429', message: 'Too many requests', retryAfterMs: 1_000 };
    }
    if (draws.permanent < o.failureRate) return permanent('invalid_number');
    if (draws.ambiguous < o.ambiguousRate) {
      if (draws.ambiguousTaken < 0.5) takeAndFollowUp(sms, draws);
      return { kind: 'ambiguous', message: 'The request timed out after it was sent.' };
    }
    return { kind: 'accepted', providerId: takeAndFollowUp(sms, draws), status: 'queued' };
  }

  /** Takes a message and sets off what follows; its provider id. */
  function takeAndFollowUp(sms: OutboundSms, draws: Draws): string {
    const index = take(sms);
    const providerId = providerIdOf(index);
    followUp(index, draws, providerId);
    return providerId;
  }

  async function outcomeAfterLatency(sms: OutboundSms, draws: Draws, signal: AbortSignal | undefined): Promise<SendOutcome> {
    try {
      await clock.sleepUntil(clock.nowMs() + o.latencyMs, signal);
    } catch {
      // Aborted while "on the wire" but before the provider took it: nothing was queued.
      return aborted;
    }
    return outcomeOf(sms, draws);
  }

  return {
    send(sms, signal) {
      // Drawn before anything else so that every message uses the same number of draws. Into the
      // provider's own buffer when they are used before `send` returns; with latency another send
      // may draw meanwhile, so they get one of their own.
      const draws = (o.latencyMs > 0 ? new Draws() : scratchDraws).drawFrom(random);
      if (signal?.aborted) return Promise.resolve(aborted);
      if (o.latencyMs > 0) return outcomeAfterLatency(sms, draws, signal);
      // Events due at once are emitted in a reaction queued now: they reach listeners before the
      // caller sees this answer, as callbacks overtaking a response may (see the Provider port).
      return Promise.resolve(outcomeOf(sms, draws));
    },

    onEvent(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },

    async findMessages(to, since) {
      const sinceMs = since.epochMilliseconds;
      return taken
        .indicesTo(to)
        .filter((i) => taken.createdAtMs.at(i) >= sinceMs)
        .map((i) => taken.message(i));
    },

    failNext(outcome, { taken: isTaken = false } = {}) {
      forced.push({ outcome, taken: isTaken });
    },
    receive(from, body) {
      inbound(from, body, clock.nowMs());
    },
    report: emit,
    messages: () => Array.from({ length: taken.to.length }, (_, i) => taken.message(i))
  };
}

// ---------------------------------------------------------------------------------------------

const hourMs = 60 * 60 * 1000;
const settled = Promise.resolve();

/** What emitSoon emits: a delivery callback made already, or a maker of any event. */
type Due = StatusCallback | ((atMs: number) => ProviderEvent);

const defaults = {
  seed: 1,
  latencyMs: 0,
  transientFailureRate: 0,
  failureRate: 0,
  permanentNumbers: new Map<string, 'invalid_number' | 'opted_out' | 'unreachable'>() as ReadonlyMap<
    string,
    'invalid_number' | 'opted_out' | 'unreachable'
  >,
  ambiguousRate: 0,
  deliveryDelayMs: 0,
  undeliveredRate: 0,
  outOfOrderRate: 0,
  replyRate: 0,
  optOutRate: 0,
  optInRate: 0,
  replyDelayMs: 0,
  secondReplyRate: 0,
  from: '+15005550006'
};

const aborted: SendOutcome = { kind: 'transient', code: 'aborted', message: 'The send was aborted before the provider took it.' };

function permanent(reason: 'invalid_number' | 'opted_out' | 'unreachable'): SendOutcome {
  const codes = { invalid_number: '21211', opted_out: '21610', unreachable: '21612' } as const;
  return { kind: 'permanent', scope: 'recipient', reason, code: codes[reason], message: `Refused: ${reason.replace('_', ' ')}` };
}
