import { afterEach, describe, expect, it } from 'vitest';
import { smoke } from '../../adapters/twilio/smoke.js';
import { accountSid, authToken, messagingServiceSid, startRig, type Rig } from './support.js';

let rig: Rig | undefined;
afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

async function run(env: Record<string, string>): Promise<{ code: number; out: string }> {
  const lines: string[] = [];
  const code = await smoke(env, (line) => lines.push(line));
  return { code, out: lines.join('\n') };
}

describe('npm run smoke:twilio', () => {
  it('does nothing, says so, and succeeds without a destination', async () => {
    expect(await run({ TWILIO_ACCOUNT_SID: accountSid, TWILIO_AUTH_TOKEN: authToken })).toEqual({
      code: 0,
      out: expect.stringMatching(/^Twilio smoke test: did nothing\. Set TWILIO_SMOKE_TO/)
    });
  });

  it('does nothing, says which setting is missing, and succeeds without credentials', async () => {
    expect(await run({ TWILIO_SMOKE_TO: '+14155550100' })).toEqual({
      code: 0,
      out: 'Twilio smoke test: did nothing. TWILIO_ACCOUNT_SID is not set: give the account SID from the Twilio console (AC…).'
    });
  });

  it('sends exactly one SMS, without a status callback, when everything is given (here to the fake)', async () => {
    rig = await startRig();
    const result = await run({
      TWILIO_ACCOUNT_SID: accountSid,
      TWILIO_AUTH_TOKEN: authToken,
      TWILIO_MESSAGING_SERVICE_SID: messagingServiceSid,
      TWILIO_API_BASE_URL: rig.fake.baseUrl,
      TWILIO_SMOKE_TO: '+14155550100'
    });
    expect(result.code).toBe(0);
    expect(result.out).toMatch(/^Twilio smoke test: sent one SMS to \+14155550100: \{"kind":"accepted"/);
    expect(rig.fake.messages.map((m) => [m.to, m.params.StatusCallback])).toEqual([['+14155550100', undefined]]);
  });
});
