import type { Clock } from '../../core/ports/clock.js';
import type { OutboundSms, Provider, SendOutcome } from '../../core/ports/provider.js';
import type { WorkerLogger } from './logger.js';
import { pauseIfAsked, type TestPause } from './test-hooks.js';

export interface WatchOptions {
  logger: WorkerLogger;
  clock: Clock;
  /** Whether the worker still holds the campaign's lease, asked right before each provider call. */
  holdsLease: () => boolean;
  testPause: TestPause | null;
  /** Sends so far in this process, shared by every campaign's provider (the test pause counts them). */
  sends: { count: number };
  /** Called once each send's outcome is known (the worker then looks at list statuses). */
  afterSend?: () => void;
}

/**
 * The provider as the worker uses it for one campaign: one log line per send and per delivery
 * status, a call made only while the worker holds the campaign's lease, and a send that runs to
 * its end once begun. The runtime's
 * stop signal is not passed on: on SIGTERM the call in flight finishes and its outcome is
 * recorded, rather than cut into an ambiguous send.
 */
export function watchedProvider(inner: Provider, options: WatchOptions): Provider {
  const { logger, clock, testPause } = options;
  return {
    async send(sms) {
      const send = (options.sends.count += 1);
      await pauseIfAsked(testPause, 'claim', send, sms.key, clock);
      // The claim checked the lease, but the process may have stalled since: a worker that took over
      // may be reconciling this very attempt, and must not see a message arrive after it decided.
      if (!options.holdsLease()) {
        logger.warn({ to: sms.to, recipient: sms.key }, 'lease ran out between the claim and the provider call: not sent');
        return leaseExpired;
      }
      const outcome = await inner.send(sms);
      logSend(logger, sms, outcome);
      options.afterSend?.();
      if (outcome.kind === 'accepted') await pauseIfAsked(testPause, 'accept', send, sms.key, clock);
      return outcome;
    },
    onEvent(listener) {
      return inner.onEvent((event) => {
        if (event.type === 'status') {
          logger.info({ providerId: event.providerId, status: event.status, ...(event.errorCode ? { errorCode: event.errorCode } : {}) }, 'delivery status');
        } else {
          logger.info({ from: event.from, providerId: event.providerId }, 'inbound message');
        }
        listener(event);
      });
    },
    async findMessages(to, since) {
      const found = await inner.findMessages(to, since);
      logger.info({ to, since: since.toString(), found: found.map((message) => message.providerId) }, 'reconciling: asked the provider what it took');
      return found;
    }
  };
}

const leaseExpired: SendOutcome = { kind: 'transient', code: 'lease_expired', message: 'the lease ran out before the provider was called' };

function logSend(logger: WorkerLogger, sms: OutboundSms, outcome: SendOutcome): void {
  const recipient = { to: sms.to, recipient: sms.key };
  switch (outcome.kind) {
    case 'accepted':
      logger.info({ ...recipient, providerId: outcome.providerId, status: outcome.status }, 'sent');
      return;
    case 'permanent':
      logger.warn({ ...recipient, scope: outcome.scope, reason: outcome.reason, code: outcome.code }, `refused: ${outcome.message}`);
      return;
    case 'transient':
      logger.warn({ ...recipient, code: outcome.code }, `not taken, will retry: ${outcome.message}`);
      return;
    case 'ambiguous':
      logger.warn(recipient, `outcome unclear, reconciling with the provider: ${outcome.message}`);
      return;
  }
}
