import { createTwilioFromEnv } from '../../../adapters/twilio/from-env.js';
import { createTwilioWebhooks, type TwilioWebhooks } from '../../../adapters/twilio/webhooks.js';
import type { ProviderEvent } from '../../../core/ports/provider.js';
import { seededRandom } from '../../../core/ports/random.js';
import { applyProviderEvent } from '../../../core/runtime/index.js';
import type { Services } from './services.js';

/**
 * Twilio's webhooks, writing straight into the store through core's `applyProviderEvent` whether or
 * not a worker runs in this process: delivery states, replies and STOP/START reach the database
 * even when the sender is a separate `proactive-sms worker`. Each request is answered once its
 * event is written, 500 when the write failed, so that Twilio retries instead of the event being
 * lost. Writes go one at a time, in the order Twilio reported them. A string says why there are no
 * webhooks (Twilio not configured).
 */
export function recordingTwilioWebhooks({ store, clock }: Pick<Services, 'store' | 'clock'>, env: Record<string, string | undefined>): TwilioWebhooks | string {
  const twilio = createTwilioFromEnv(env, { clock, random: seededRandom(clock.nowMs()) });
  if (!twilio.ok) return `Twilio is not configured: ${twilio.message}`;
  if (!twilio.config.webhookAuthToken) return 'TWILIO_AUTH_TOKEN is not set: Twilio signs webhooks with it.';
  let lastWrite: Promise<unknown> = Promise.resolve();
  const record = (event: ProviderEvent): Promise<void> => {
    const writing = lastWrite.then(() => applyProviderEvent(store, event));
    lastWrite = writing.catch(() => undefined);
    return writing.then(
      () => undefined,
      (error: unknown) => {
        console.error(`A Twilio ${event.type} event for ${event.providerId} could not be recorded; Twilio is answered 500 to retry it:`, error);
        throw error;
      }
    );
  };
  return createTwilioWebhooks({ authToken: twilio.config.webhookAuthToken, publicBaseUrl: twilio.config.publicBaseUrl, clock, provider: twilio.provider, record });
}
