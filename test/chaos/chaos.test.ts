import { describe, expect, it } from 'vitest';
import { reportLine, runChaosTest } from './harness.js';

// `npm run test:chaos` runs the full size; `npm test` a smaller one. CHAOS_TEST_SEED replays a run's
// choices (which worker is killed, when, the campaigns' throttles); the machine's timing still varies.
// CHAOS_TEST_LOGS=<folder> keeps every worker's whole log there.
const full = process.env.CHAOS_TEST_SIZE === 'full';
const seed = Number(process.env.CHAOS_TEST_SEED ?? Date.now() % 1_000_000);
const size = full
  ? { kills: 24, killEveryMs: [3_000, 12_000] as [number, number], sendingSeconds: 200, perSecond: [8, 20] as [number, number], finishWithinMs: 180_000 }
  : { kills: 3, killEveryMs: [2_000, 6_000] as [number, number], sendingSeconds: 20, perSecond: [5, 12] as [number, number], finishWithinMs: 80_000 };

describe('three workers on one PostgreSQL database, killed at random', () => {
  it(
    `text every recipient exactly once, lose nobody, keep each campaign's throttle and daily limit, and finish every campaign across ${size.kills} kills and a restart of the server (${full ? 'full' : 'small'} size)`,
    async () => {
      console.log(`chaos test: seed=${seed} (CHAOS_TEST_SEED=${seed} replays its choices)`);
      const report = await runChaosTest({
        seed,
        workers: 3,
        kills: size.kills,
        killEveryMs: size.killEveryMs,
        campaigns: { campaigns: 10, perSecond: size.perSecond, sendingSeconds: size.sendingSeconds, limitedEvery: 3 },
        finishWithinMs: size.finishWithinMs,
        fakePort: 4_201,
        postgresPort: 4_202,
        ...(process.env.CHAOS_TEST_LOGS ? { logDir: process.env.CHAOS_TEST_LOGS } : {}),
        onStep: (text) => console.log(`chaos test: ${text}`)
      });
      console.log(`chaos test: ${reportLine(report)}`);
      expect(report.problems, `${reportLine(report)}\n${report.problems.join('\n')}`).toEqual([]);
      expect(report.kills.length, `seed=${seed}`).toBe(size.kills);
      expect(report.restart, `seed=${seed}: the PostgreSQL server was not restarted`).not.toBeNull();
      expect(report.takeOvers.length, `seed=${seed}: no killed worker's campaign was ever sent by another`).toBeGreaterThan(0);
    },
    full ? 900_000 : 240_000
  );
});
