import { env as privateEnv } from '$env/dynamic/private';
import { env as publicEnv } from '$env/dynamic/public';
import { createSystemClock } from '../../../../adapters/clock/system-clock.js';
import { createTwilioFromEnv } from '../../../../adapters/twilio/from-env.js';
import { createTwilioWebhooks, type TwilioWebhooks } from '../../../../adapters/twilio/webhooks.js';
import type { ProviderEvent } from '../../../../core/ports/provider.js';
import { seededRandom } from '../../../../core/ports/random.js';

const listeners = new Set<(event: ProviderEvent) => void>();
let webhooks: TwilioWebhooks | string | undefined;

/** Where the app records what Twilio reports (the store, once the app has one). */
export function onTwilioEvent(listener: (event: ProviderEvent) => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** One webhook request, with the Twilio wiring built from the environment on first use. */
export async function handleTwilioWebhook(kind: keyof TwilioWebhooks, request: Request): Promise<Response> {
  webhooks ??= build();
  if (typeof webhooks === 'string') {
    return new Response(webhooks, { status: 503, headers: { 'Content-Type': 'text/plain' } });
  }
  return webhooks[kind](request);
}

function build(): TwilioWebhooks | string {
  const clock = createSystemClock();
  // Kit hides PUBLIC_-prefixed variables (PUBLIC_BASE_URL) from the private env: read both.
  const twilio = createTwilioFromEnv({ ...publicEnv, ...privateEnv }, { clock, random: seededRandom(clock.now().epochMilliseconds) });
  if (!twilio.ok) return `Twilio is not configured: ${twilio.message}`;
  if (!twilio.config.webhookAuthToken) return 'TWILIO_AUTH_TOKEN is not set: Twilio signs webhooks with it.';
  const { provider } = twilio;
  provider.onEvent((event) => listeners.forEach((listener) => listener(event)));
  return createTwilioWebhooks({
    authToken: twilio.config.webhookAuthToken,
    publicBaseUrl: twilio.config.publicBaseUrl,
    clock,
    provider: {
      receive(event) {
        // A signed event nobody records must fail loudly (Twilio logs the 500) rather than vanish.
        if (listeners.size === 0) throw new Error('Nothing records Twilio events in this app yet.');
        return provider.receive(event);
      }
    }
  });
}
