import { describe, expect, it } from 'vitest';
import { seededRandom, type Random } from '../../core/ports/random.js';
import { backoffDelayMs, recipientRetries, requestRetries, retryDelayMs } from '../../core/runtime/backoff.js';

/** A Random that answers `value` every time. */
const always = (value: number): Random => ({ next: () => value });

describe('the one backoff formula: a doubling ceiling, then equal jitter', () => {
  it.each([
    ['within one request', requestRetries, [500, 1_000, 2_000, 4_000, 8_000, 10_000, 10_000]],
    ['per recipient', recipientRetries, [60_000, 120_000, 240_000, 480_000, 960_000, 1_920_000, 3_600_000, 3_600_000]]
  ] as const)('%s: the n-th retry waits between half its ceiling and the ceiling', (_level, policy, ceilingsMs) => {
    ceilingsMs.forEach((ceilingMs, i) => {
      expect(backoffDelayMs(policy, i + 1, always(0))).toBe(ceilingMs / 2);
      expect(backoffDelayMs(policy, i + 1, always(0.5))).toBe((ceilingMs * 3) / 4);
      expect(backoffDelayMs(policy, i + 1, always(0.999_999))).toBeLessThanOrEqual(ceilingMs);
    });
  });

  it('spreads retries that failed together instead of bringing them back on one instant', () => {
    const random = seededRandom(42);
    const delays = Array.from({ length: 50 }, () => backoffDelayMs(requestRetries, 1, random));
    expect(new Set(delays).size).toBeGreaterThan(40);
    for (const ms of delays) expect(ms).toBeGreaterThanOrEqual(250);
  });

  it("a recipient's retry takes the provider's Retry-After as a floor", () => {
    expect(retryDelayMs(1, always(0), 600_000)).toBe(600_000);
    expect(retryDelayMs(1, always(0), 1_000)).toBe(30_000);
  });

  it('a request waits less at its longest than a recipient at its shortest', () => {
    // The request level only rides out blips; anything longer is the recipient level's.
    expect(requestRetries.maxDelayMs).toBeLessThan(recipientRetries.firstDelayMs / 2);
  });
});
