import { writeSync } from 'node:fs';
import type { Clock } from '../../core/ports/clock.js';

/**
 * TEST ONLY: hooks the crash test uses to kill the worker exactly where it wants, honoured only
 * when NODE_ENV=test as well (set alone, the worker says it ignores them).
 *
 * `PROACTIVE_SMS_TEST_PAUSE=<gap>[:<n>]` stops the worker for a while inside one of the two gaps
 * of the send protocol, at this process's n-th send (the first if n is omitted):
 * - `claim`: the claim is committed, the provider not yet called;
 * - `accept`: the provider took the message, its outcome not yet committed.
 * On reaching it the worker writes `PROACTIVE_SMS_TEST_PAUSE <gap> <recipient key>` on stderr
 * (synchronously, so the marker is out before the pause begins) and waits ten seconds.
 *
 * `PROACTIVE_SMS_TEST_ACCEPTANCE_WINDOW_MS=<ms>` shortens how long reconciliation waits for the
 * provider to show a message before deciding it never took it: two minutes suit Twilio over the
 * internet, where a dead process's request may still be on its way; a fake on loopback needs none.
 *
 * `PROACTIVE_SMS_TEST_LEASE_TTL_MS=<ms>` shortens the lease (renewed every third of it, retried
 * every fifth), so that a worker restarted after a kill need not wait ten seconds for the dead
 * one's lease to expire.
 */
export interface TestHooks {
  pause: TestPause | null;
  acceptanceWindowMs: number | null;
  leaseTtlMs: number | null;
}

export interface TestPause {
  gap: 'claim' | 'accept';
  atSend: number;
  pauseMs: number;
}

export type TestHooksSetting = { ok: true; hooks: TestHooks; ignored: string | null } | { ok: false; message: string };

export const testPauseVariable = 'PROACTIVE_SMS_TEST_PAUSE';
export const testAcceptanceWindowVariable = 'PROACTIVE_SMS_TEST_ACCEPTANCE_WINDOW_MS';
export const testLeaseTtlVariable = 'PROACTIVE_SMS_TEST_LEASE_TTL_MS';
const pauseMs = 10_000;
const none: TestHooks = { pause: null, acceptanceWindowMs: null, leaseTtlMs: null };

export function readTestHooks(env: Readonly<Record<string, string | undefined>>): TestHooksSetting {
  const [pause, window, ttl] = [testPauseVariable, testAcceptanceWindowVariable, testLeaseTtlVariable].map((name) => env[name]?.trim() ?? '');
  if (pause === '' && window === '' && ttl === '') return { ok: true, hooks: none, ignored: null };
  if (env.NODE_ENV !== 'test') return { ok: true, hooks: none, ignored: 'The PROACTIVE_SMS_TEST_* variables are test-only hooks, ignored unless NODE_ENV=test.' };
  const match = /^(claim|accept)(?::([1-9]\d*))?$/.exec(pause ?? '');
  if (pause !== '' && match === null) return { ok: false, message: `${testPauseVariable} must be claim or accept, optionally followed by :<n>; got "${pause}".` };
  for (const [name, value] of [[testAcceptanceWindowVariable, window], [testLeaseTtlVariable, ttl]]) {
    if (value !== '' && !/^\d+$/.test(value ?? '')) return { ok: false, message: `${name} must be a whole number of milliseconds; got "${value}".` };
  }
  return {
    ok: true,
    hooks: {
      pause: match === null ? null : { gap: match[1] as TestPause['gap'], atSend: Number(match[2] ?? 1), pauseMs },
      acceptanceWindowMs: window === '' ? null : Number(window),
      leaseTtlMs: ttl === '' ? null : Number(ttl)
    },
    ignored: null
  };
}

/** Pauses if `pause` asks for this gap at this send. */
export async function pauseIfAsked(pause: TestPause | null, gap: TestPause['gap'], send: number, key: string, clock: Clock): Promise<void> {
  if (pause === null || pause.gap !== gap || pause.atSend !== send) return;
  writeSync(2, `${testPauseVariable} ${gap} ${key}\n`);
  await clock.sleepUntil(clock.nowMs() + pause.pauseMs);
}
