import { describe, expect, it } from 'vitest';
import { reportLine, runCrashTest } from './harness.js';

// `npm run test:crash` runs the full size; `npm test` a smaller one. CRASH_TEST_SEED replays a run.
const full = process.env.CRASH_TEST_SIZE === 'full';
const seed = Number(process.env.CRASH_TEST_SEED ?? Date.now() % 1_000_000);
const size = full ? { recipients: 3_000, kills: 24, perSecond: 100 } : { recipients: 300, kills: 20, perSecond: 50 };

describe('a worker killed at any instant', () => {
  it(
    `texts every recipient exactly once, loses nobody, and keeps the throttle and the daily limit across ${size.kills} kills (${full ? 'full' : 'small'} size)`,
    async () => {
      const report = await runCrashTest({ seed, ...size, port: 41_001 });
      console.log(`crash test: ${reportLine(report)}`);
      expect(report.problems, `${reportLine(report)}\n${report.problems.join('\n')}`).toEqual([]);
      expect(report.kills, `seed=${seed}`).toBeGreaterThanOrEqual(20);
      expect(report.landed.claim, `seed=${seed}: no kill landed between a claim and its provider call`).toBeGreaterThan(0);
      expect(report.landed.accept, `seed=${seed}: no kill landed between the provider's acceptance and the commit`).toBeGreaterThan(0);
    },
    full ? 900_000 : 300_000
  );
});
