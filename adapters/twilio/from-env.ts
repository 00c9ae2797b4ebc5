import type { Clock } from '../../core/ports/clock.js';
import type { Random } from '../../core/ports/random.js';
import { createTwilioClient } from './client.js';
import { readTwilioConfig, webhookUrls, type TwilioConfig } from './config.js';
import { createTwilioProvider, type TwilioProvider } from './provider.js';
import { TwilioRequestClient } from './request-client.js';

export type TwilioFromEnv = { ok: true; config: TwilioConfig; provider: TwilioProvider } | { ok: false; message: string };

/** The production wiring, as the worker, the web app and the smoke test need it: environment in, provider out. */
export function createTwilioFromEnv(
  env: Record<string, string | undefined>,
  deps: { clock: Clock; random: Random; statusCallbacks?: boolean }
): TwilioFromEnv {
  const read = readTwilioConfig(env);
  if (!read.ok) return read;
  const { config } = read;
  const httpClient = new TwilioRequestClient({ clock: deps.clock, random: deps.random, baseUrl: config.apiBaseUrl });
  const provider = createTwilioProvider({
    client: createTwilioClient(config.auth, httpClient),
    sender: config.sender,
    statusCallbackUrl: deps.statusCallbacks === false ? null : webhookUrls(config.publicBaseUrl).status,
    clock: deps.clock
  });
  return { ok: true, config, provider };
}
