import { env as privateEnv } from '$env/dynamic/private';
import { env as publicEnv } from '$env/dynamic/public';
import { createTwilioFromEnv } from '../../../../adapters/twilio/from-env.js';
import { createTwilioWebhooks, type TwilioWebhooks } from '../../../../adapters/twilio/webhooks.js';
import { seededRandom } from '../../../../core/ports/random.js';
import { applyProviderEvent, ProviderEventQueue } from '../../../../core/runtime/index.js';
import { services } from '$lib/server/services.js';

let webhooks: Promise<TwilioWebhooks | string> | undefined;

/** One webhook request, with the Twilio wiring built from the environment on first use. */
export async function handleTwilioWebhook(kind: keyof TwilioWebhooks, request: Request): Promise<Response> {
  webhooks ??= build();
  const built = await webhooks;
  if (typeof built === 'string') return new Response(built, { status: 503, headers: { 'Content-Type': 'text/plain' } });
  return built[kind](request);
}

/**
 * Twilio's webhooks write straight into the store, through core's `applyProviderEvent`, whether
 * or not a worker runs in this process: delivery states, replies and STOP/START reach the
 * database even when the sender is a separate `proactive-sms worker`. One queue keeps them in the
 * order Twilio reported them.
 */
async function build(): Promise<TwilioWebhooks | string> {
  const { store, clock } = await services();
  // Kit hides PUBLIC_-prefixed variables (PUBLIC_BASE_URL) from the private env: read both.
  const twilio = createTwilioFromEnv({ ...publicEnv, ...privateEnv }, { clock, random: seededRandom(clock.nowMs()) });
  if (!twilio.ok) return `Twilio is not configured: ${twilio.message}`;
  if (!twilio.config.webhookAuthToken) return 'TWILIO_AUTH_TOKEN is not set: Twilio signs webhooks with it.';
  const queue = new ProviderEventQueue(async (event) => {
    try {
      await applyProviderEvent(store, event);
    } catch (error) {
      // Twilio was already answered: say loudly what was not recorded.
      console.error(`A Twilio ${event.type} event for ${event.providerId} could not be recorded:`, error);
    }
  });
  twilio.provider.onEvent((event) => queue.push(event));
  return createTwilioWebhooks({
    authToken: twilio.config.webhookAuthToken,
    publicBaseUrl: twilio.config.publicBaseUrl,
    clock,
    provider: twilio.provider
  });
}
