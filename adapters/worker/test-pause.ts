import { writeSync } from 'node:fs';
import type { Clock } from '../../core/ports/clock.js';

/**
 * TEST ONLY. Makes the worker stop for a while inside one of the two gaps of the send protocol, so
 * that the crash test can kill it exactly there:
 * - `claim`: the claim is committed, the provider not yet called;
 * - `accept`: the provider took the message, its outcome not yet committed.
 *
 * Turned on by `PROACTIVE_SMS_TEST_PAUSE=<gap>:<n>` (pause at this process's n-th send, 1 if
 * omitted), and only when `NODE_ENV=test` as well: set alone, the worker says it ignores it. On
 * reaching the point it writes `PROACTIVE_SMS_TEST_PAUSE <gap> <recipient key>` on stderr
 * (synchronously, so the marker is out before the pause begins) and waits `pauseMs`.
 */
export interface TestPause {
  gap: 'claim' | 'accept';
  atSend: number;
  pauseMs: number;
}

export type TestPauseSetting = { ok: true; pause: TestPause | null; ignored: string | null } | { ok: false; message: string };

export const testPauseVariable = 'PROACTIVE_SMS_TEST_PAUSE';
const pauseMs = 10_000;

export function readTestPause(env: Readonly<Record<string, string | undefined>>): TestPauseSetting {
  const value = env[testPauseVariable]?.trim();
  if (value === undefined || value === '') return { ok: true, pause: null, ignored: null };
  if (env.NODE_ENV !== 'test') {
    return { ok: true, pause: null, ignored: `${testPauseVariable} is a test-only hook and is ignored unless NODE_ENV=test.` };
  }
  const match = /^(claim|accept)(?::([1-9]\d*))?$/.exec(value);
  if (match === null) return { ok: false, message: `${testPauseVariable} must be claim or accept, optionally followed by :<n>; got "${value}".` };
  return { ok: true, pause: { gap: match[1] as TestPause['gap'], atSend: Number(match[2] ?? 1), pauseMs }, ignored: null };
}

/** Pauses if `pause` asks for this gap at this send. */
export async function pauseIfAsked(pause: TestPause | null, gap: TestPause['gap'], send: number, key: string, clock: Clock): Promise<void> {
  if (pause === null || pause.gap !== gap || pause.atSend !== send) return;
  writeSync(2, `${testPauseVariable} ${gap} ${key}\n`);
  await clock.sleepUntil(clock.nowMs() + pause.pauseMs);
}
