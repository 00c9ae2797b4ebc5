import { describe, expect, it } from 'vitest';
import { Temporal } from 'temporal-polyfill';
import { createVirtualClock } from '../../adapters/memory/virtual-clock.js';

const start = Temporal.Instant.from('2026-12-01T00:00:00Z');
const at = (iso: string) => Temporal.Instant.from(iso);
const ms = (iso: string) => at(iso).epochMilliseconds;

describe('the virtual clock', () => {
  it('wakes sleepers in (instant, registration) order, each at its own instant', async () => {
    const clock = createVirtualClock({ start });
    const woke: string[] = [];
    const sleep = (name: string, iso: string) =>
      clock.sleepUntil(ms(iso)).then(() => woke.push(`${name}@${clock.now().toString()}`));
    void sleep('b', '2026-12-01T00:00:02Z');
    void sleep('a', '2026-12-01T00:00:01Z');
    void sleep('c', '2026-12-01T00:00:02Z');
    await clock.advanceBy(5_000);
    expect(woke).toEqual(['a@2026-12-01T00:00:01Z', 'b@2026-12-01T00:00:02Z', 'c@2026-12-01T00:00:02Z']);
    expect(clock.now().toString()).toBe('2026-12-01T00:00:05Z');
  });

  it('lets a woken sleeper finish its work, and sleep again, before the next one wakes', async () => {
    const clock = createVirtualClock({ start });
    const log: string[] = [];
    void (async () => {
      for (let i = 0; i < 3; i += 1) {
        await clock.sleepUntil(clock.nowMs() + 1_000);
        await Promise.resolve();
        log.push(`loop ${clock.nowMs() - start.epochMilliseconds}`);
      }
    })();
    void clock.sleepUntil(ms('2026-12-01T00:00:02.500Z')).then(() => log.push('other 2500'));
    await clock.advanceBy(10_000);
    expect(log).toEqual(['loop 1000', 'loop 2000', 'other 2500', 'loop 3000']);
  });

  it('waits for long promise chains between wake-ups', async () => {
    const clock = createVirtualClock({ start });
    const log: string[] = [];
    const chain = async (name: string, hops: number) => {
      for (let i = 0; i < hops; i += 1) await Promise.resolve();
      log.push(`${name} done at ${clock.nowMs() - start.epochMilliseconds}`);
    };
    void clock.sleepUntil(start.epochMilliseconds + 1_000).then(() => {
      void chain('woken work', 50);
      void clock.sleepUntil(clock.nowMs()).then(() => chain('past sleep', 20));
    });
    void clock.sleepUntil(start.epochMilliseconds + 1_000).then(() => log.push('second at 1000'));
    void clock.sleepUntil(start.epochMilliseconds + 2_000).then(() => log.push('third at 2000'));
    // Work queued from outside any wake-up, before the clock moves, also runs out first.
    void chain('outside', 30);
    await clock.advanceBy(5_000);
    expect(log).toEqual(['outside done at 0', 'past sleep done at 1000', 'woken work done at 1000', 'second at 1000', 'third at 2000']);
  });

  it('never moves backwards', async () => {
    const clock = createVirtualClock({ start });
    await clock.advanceBy(1_000);
    await expect(clock.advanceTo(start)).rejects.toThrow(/only moves forward/);
    await expect(clock.advanceBy(-1)).rejects.toThrow(RangeError);
  });

  it('resolves at once for an instant already past', async () => {
    const clock = createVirtualClock({ start });
    let woke = false;
    await clock.sleepUntil(ms('2026-11-30T00:00:00Z')).then(() => (woke = true));
    expect(woke).toBe(true);
    expect(clock.pending()).toBe(0);
  });

  it('rejects an aborted sleep and does not count it as pending', async () => {
    const clock = createVirtualClock({ start });
    const controller = new AbortController();
    const sleeping = clock.sleepUntil(ms('2026-12-02T00:00:00Z'), controller.signal);
    expect(clock.pending()).toBe(1);
    controller.abort(new Error('replan'));
    await expect(sleeping).rejects.toThrow('replan');
    expect(clock.pending()).toBe(0);
    expect(await clock.runUntilIdle()).toBe(0);
  });

  it('rejects every sleeper of an aborted signal, in the order they slept, and wakes the others', async () => {
    const clock = createVirtualClock({ start });
    const replan = new AbortController();
    const log: string[] = [];
    const sleep = (name: string, iso: string, signal?: AbortSignal) =>
      clock.sleepUntil(ms(iso), signal).then(
        () => log.push(`${name} woke`),
        () => log.push(`${name} aborted`)
      );
    void sleep('late', '2026-12-01T00:00:03Z', replan.signal);
    void sleep('early', '2026-12-01T00:00:01Z', replan.signal);
    void sleep('other', '2026-12-01T00:00:02Z', new AbortController().signal);
    await clock.advanceBy(500);
    replan.abort(new Error('replan'));
    await clock.advanceBy(5_000);
    expect(log).toEqual(['late aborted', 'early aborted', 'other woke']);
    expect(clock.pending()).toBe(0);
  });

  it('throws instead of hanging when something keeps rescheduling itself', async () => {
    const clock = createVirtualClock({ start });
    let stop = false;
    void (async () => {
      while (!stop) await clock.sleepUntil(clock.nowMs() + 1);
    })();
    await expect(clock.runUntilIdle({ maxSteps: 50 })).rejects.toThrow(/more than 50 wake-ups/);
    stop = true;
  });

  it('runs until idle, or stops at the given instant', async () => {
    const clock = createVirtualClock({ start });
    const woke: number[] = [];
    for (const s of [3, 1, 7]) {
      void clock.sleepUntil(start.epochMilliseconds + s * 1000).then(() => woke.push(s));
    }
    expect(await clock.runUntilIdle({ until: at('2026-12-01T00:00:05Z') })).toBe(2);
    expect(clock.now().toString()).toBe('2026-12-01T00:00:05Z');
    expect(await clock.runUntilIdle()).toBe(1);
    expect(woke).toEqual([1, 3, 7]);
    expect(clock.now().toString()).toBe('2026-12-01T00:00:07Z');
  });

  it('refuses two advances at once', async () => {
    const clock = createVirtualClock({ start });
    const first = clock.advanceBy(1_000);
    await expect(clock.advanceBy(1_000)).rejects.toThrow(/already advancing/);
    await first;
  });
});
