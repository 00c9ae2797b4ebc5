import { env as privateEnv } from '$env/dynamic/private';
import { env as publicEnv } from '$env/dynamic/public';
import type { TwilioWebhooks } from '../../../../adapters/twilio/webhooks.js';
import { services } from '$lib/server/services.js';
import { recordingTwilioWebhooks } from '$lib/server/twilio-webhooks.js';

let webhooks: Promise<TwilioWebhooks | string> | undefined;

/** One webhook request, with the Twilio wiring built from the environment on first use. */
export async function handleTwilioWebhook(kind: keyof TwilioWebhooks, request: Request): Promise<Response> {
  // Kit hides PUBLIC_-prefixed variables (PUBLIC_BASE_URL) from the private env: read both.
  webhooks ??= services().then((built) => recordingTwilioWebhooks(built, { ...publicEnv, ...privateEnv }));
  const built = await webhooks;
  if (typeof built === 'string') return new Response(built, { status: 503, headers: { 'Content-Type': 'text/plain' } });
  return built[kind](request);
}
