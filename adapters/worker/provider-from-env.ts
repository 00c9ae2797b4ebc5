import type { Clock } from '../../core/ports/clock.js';
import type { Provider } from '../../core/ports/provider.js';
import type { Random } from '../../core/ports/random.js';
import { createTwilioFromEnv } from '../twilio/from-env.js';
import { createSimulatedProvider, type SimulatedMessageLog } from './simulated-provider.js';

export type ProviderChoice = { ok: true; provider: Provider; kind: 'twilio' | 'simulated'; description: string } | { ok: false; message: string };

/**
 * Twilio when the environment names an account, else the simulated provider writing to `log`.
 * A Twilio account named with settings missing or wrong is an error, not a quiet fall back to the
 * simulator: that would mark a real campaign sent without a single SMS.
 */
export function providerFromEnv(
  env: Readonly<Record<string, string | undefined>>,
  deps: { clock: Clock; random: Random; simulatedLog: () => SimulatedMessageLog }
): ProviderChoice {
  const twilioNamed = Object.keys(env).some((name) => name.startsWith('TWILIO_') && name !== 'TWILIO_API_BASE_URL' && (env[name]?.trim() ?? '') !== '');
  if (!twilioNamed) {
    return {
      ok: true,
      provider: createSimulatedProvider({ clock: deps.clock, log: deps.simulatedLog() }),
      kind: 'simulated',
      description: 'the simulated provider: no SMS leaves this machine (set TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN to send through Twilio)'
    };
  }
  const twilio = createTwilioFromEnv(env, { clock: deps.clock, random: deps.random });
  if (!twilio.ok) return twilio;
  return { ok: true, provider: twilio.provider, kind: 'twilio', description: `Twilio at ${twilio.config.apiBaseUrl ?? 'https://api.twilio.com'}` };
}
