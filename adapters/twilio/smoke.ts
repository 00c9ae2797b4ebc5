import { pathToFileURL } from 'node:url';
import { createSystemClock } from '../clock/system-clock.js';
import { seededRandom } from '../../core/ports/random.js';
import { createTwilioFromEnv } from './from-env.js';

/**
 * `npm run smoke:twilio`: sends one real SMS through the real Twilio API, to check credentials
 * and sender end to end. Opt-in twice over: it needs the Twilio settings AND a destination in
 * TWILIO_SMOKE_TO, and without them it says it did nothing and succeeds, so it is safe anywhere.
 */
export async function smoke(env: Record<string, string | undefined>, print: (line: string) => void): Promise<number> {
  const to = env.TWILIO_SMOKE_TO?.trim();
  if (!to) {
    print('Twilio smoke test: did nothing. Set TWILIO_SMOKE_TO (an E.164 number you own) and the TWILIO_* settings to send one real SMS.');
    return 0;
  }
  const clock = createSystemClock();
  // PUBLIC_BASE_URL is only where delivery reports go: without it the SMS asks for none.
  const twilio = createTwilioFromEnv(
    { PUBLIC_BASE_URL: 'https://smoke-test.invalid', ...env },
    { clock, random: seededRandom(clock.now().epochMilliseconds), statusCallbacks: Boolean(env.PUBLIC_BASE_URL) }
  );
  if (!twilio.ok) {
    print(`Twilio smoke test: did nothing. ${twilio.message}`);
    return 0;
  }
  const outcome = await twilio.provider.send({
    to,
    body: env.TWILIO_SMOKE_BODY ?? 'proactive-sms smoke test: Twilio works.',
    from: null,
    windowClosesAt: clock.now().add({ minutes: 10 }),
    key: 'smoke'
  });
  print(`Twilio smoke test: sent one SMS to ${to}: ${JSON.stringify(outcome)}`);
  return outcome.kind === 'accepted' ? 0 : 1;
}

// Run as a script (node dist/adapters/twilio/smoke.js), not when imported by a test.
if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = await smoke(process.env, (line) => console.log(line));
}
