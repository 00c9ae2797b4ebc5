import { Temporal } from 'temporal-polyfill';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createSystemClock } from '../../adapters/clock/system-clock.js';

describe('the system clock', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('gives now() as the very millisecond nowMs() reads, from one source of time', () => {
    const readingMs = Date.UTC(2026, 11, 2, 16, 0, 0, 123);
    vi.spyOn(Date, 'now').mockReturnValue(readingMs);
    // A second source that disagrees by a few milliseconds, as a native Temporal reading its own
    // clock with nanoseconds could: the system clock must not consult it.
    vi.spyOn(Temporal.Now, 'instant').mockReturnValue(Temporal.Instant.fromEpochMilliseconds(readingMs + 7));
    const clock = createSystemClock();
    expect(clock.nowMs()).toBe(readingMs);
    expect(clock.now().epochNanoseconds).toBe(BigInt(readingMs) * 1_000_000n);
  });

  it('wakes at or after the instant asked for', async () => {
    const clock = createSystemClock();
    const targetMs = clock.nowMs() + 30;
    await clock.sleepUntil(targetMs);
    expect(clock.nowMs()).toBeGreaterThanOrEqual(targetMs);
    expect(clock.now().epochMilliseconds).toBeGreaterThanOrEqual(targetMs);
  });

  it('rejects with the reason when aborted', async () => {
    const clock = createSystemClock();
    const controller = new AbortController();
    const sleeping = clock.sleepUntil(clock.nowMs() + 3_600_000, controller.signal);
    controller.abort(new Error('stopping'));
    await expect(sleeping).rejects.toThrow('stopping');
  });
});

describe('the runtime on the system clock', () => {
  it('sends a short list for real time and returns once nothing more can be sent', async () => {
    const { createMemoryProvider } = await import('../../adapters/memory/memory-provider.js');
    const { createMemoryStore } = await import('../../adapters/memory/memory-store.js');
    const { createRuntime } = await import('../../core/runtime/runtime.js');
    const { seededRandom } = await import('../../core/ports/random.js');
    const { sequentialIds } = await import('../../core/ports/ids.js');
    const clock = createSystemClock();
    const store = createMemoryStore();
    const allDay = [['00:00', '24:00']] as const;
    await store.saveCampaign({
      id: 'c1',
      name: 'Now',
      timeZone: 'UTC',
      hours: { mon: allDay, tue: allDay, wed: allDay, thu: allDay, fri: allDay, sat: allDay, sun: allDay },
      rate: { messages: 50, perSeconds: 1 },
      dailyLimit: null,
      message: 'Hi {{name}}',
      sender: null,
      halted: null
    });
    const now = clock.now();
    await store.addList(
      { id: 'l1', campaignId: 'c1', fileName: null, createdAt: now, startAfter: now, endBefore: null, stoppedAt: null },
      ['+12125550001', '+12125550002', '+12125550003'].map((phone, i) => ({ phone, name: `P${i}`, timeZone: 'UTC', variables: {} }))
    );
    const provider = createMemoryProvider({ clock, seed: 1 });
    const runtime = createRuntime({ clock, store, provider, random: seededRandom(1), ids: sequentialIds() });
    await runtime.run({ exitWhenIdle: true });
    await runtime.close();
    expect(provider.messages()).toHaveLength(3);
    const attempted = (await store.attempts('c1')).map((a) => a.atMs);
    // 50 a second: at least 20 ms apart, counted from when each attempt really began.
    expect(attempted[1]! - attempted[0]!).toBeGreaterThanOrEqual(20);
    expect(attempted[2]! - attempted[1]!).toBeGreaterThanOrEqual(20);
    expect(await runtime.listStatus('l1')).toMatchObject({ status: 'completed', sent: 3 });
  });
});
