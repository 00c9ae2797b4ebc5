import { movesDeliveryStatusForward } from '../../core/campaign/delivery-status.js';
import type { DeliveryStatus } from '../../core/ports/provider.js';

/**
 * Twilio's message statuses in the port's terms. Statuses with no counterpart (an inbound
 * message's `receiving`/`received`, `partially_delivered`) are undefined: nothing to record.
 */
export function deliveryStatusOf(twilioStatus: string): DeliveryStatus | undefined {
  switch (twilioStatus) {
    case 'accepted':
    case 'scheduled':
    case 'queued':
      return 'queued';
    case 'sending':
    case 'sent':
      return 'sent';
    case 'delivered':
    case 'read':
      return 'delivered';
    case 'undelivered':
      return 'undelivered';
    case 'failed':
    case 'canceled':
      return 'failed';
    default:
      return undefined;
  }
}

/**
 * Remembers how far each message has got, so that callbacks that repeat or arrive after a later
 * one are recognised (the order is core's: `movesDeliveryStatusForward`). Bounded: past
 * `capacity` messages the oldest are forgotten, which only means a very late replay for them is
 * passed on — consumers keep their own states forward-only.
 *
 * A step is remembered only once its `record` has resolved, so that when recording fails Twilio's
 * retry of the same callback is passed on again. Steps of one message are taken one after another:
 * a retry that arrives while the first attempt is still being recorded is judged after it.
 */
export interface DeliveryLedger {
  /** Runs `record` and remembers the step, only when `status` moves `messageSid` forward. */
  advance(messageSid: string, status: DeliveryStatus, record: () => Promise<void>): Promise<boolean>;
  /** Runs `record` the first time `messageSid` is seen (inbound messages have no states). */
  once(messageSid: string, record: () => Promise<void>): Promise<boolean>;
  /** Remembers a status known without a callback (the answer to a send), when it moves forward. */
  reached(messageSid: string, status: DeliveryStatus): void;
}

export function createDeliveryLedger(capacity = 100_000): DeliveryLedger {
  // An inbound message has no status: `null` only says it was seen.
  const reached = new Map<string, DeliveryStatus | null>();
  // The step of each message being recorded right now, for the next one of that message to wait on.
  const recording = new Map<string, Promise<boolean>>();

  const remember = (sid: string, to: DeliveryStatus | null) => {
    reached.delete(sid);
    reached.set(sid, to);
    if (reached.size > capacity) {
      const oldest = reached.keys().next().value;
      if (oldest !== undefined) reached.delete(oldest);
    }
  };
  const isForward = (sid: string, status: DeliveryStatus) => {
    const from = reached.get(sid);
    return from === undefined || from === null || movesDeliveryStatusForward(from, status);
  };
  const step = (sid: string, to: DeliveryStatus | null, isNews: () => boolean, record: () => Promise<void>): Promise<boolean> => {
    const take = async () => {
      if (!isNews()) return false;
      await record();
      remember(sid, to);
      return true;
    };
    const before = recording.get(sid);
    const taking = before === undefined ? take() : before.then(take, take);
    recording.set(sid, taking);
    const done = () => {
      if (recording.get(sid) === taking) recording.delete(sid);
    };
    taking.then(done, done);
    return taking;
  };
  return {
    advance: (sid, status, record) => step(sid, status, () => isForward(sid, status), record),
    once: (sid, record) => step(sid, null, () => !reached.has(sid), record),
    reached: (sid, status) => {
      if (isForward(sid, status)) remember(sid, status);
    }
  };
}
