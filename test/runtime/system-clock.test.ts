import { describe, expect, it } from 'vitest';
import { Temporal } from 'temporal-polyfill';
import { createSystemClock } from '../../adapters/clock/system-clock.js';

describe('the system clock', () => {
  it('wakes at or after the instant asked for', async () => {
    const clock = createSystemClock();
    const target = clock.now().add({ milliseconds: 30 });
    await clock.sleepUntil(target);
    expect(Temporal.Instant.compare(clock.now(), target)).toBeGreaterThanOrEqual(0);
  });

  it('rejects with the reason when aborted', async () => {
    const clock = createSystemClock();
    const controller = new AbortController();
    const sleeping = clock.sleepUntil(clock.now().add({ hours: 1 }), controller.signal);
    controller.abort(new Error('stopping'));
    await expect(sleeping).rejects.toThrow('stopping');
  });
});
