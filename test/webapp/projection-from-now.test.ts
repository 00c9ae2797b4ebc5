import fc from 'fast-check';
import { Temporal } from 'temporal-polyfill';
import { describe, expect, it } from 'vitest';
import { createMemoryProvider } from '../../adapters/memory/memory-provider.js';
import { createMemoryStore } from '../../adapters/memory/memory-store.js';
import { createVirtualClock } from '../../adapters/memory/virtual-clock.js';
import { parseScenario, plan, type Scenario } from '../../core/index.js';
import { sequentialIds } from '../../core/ports/ids.js';
import { seededRandom } from '../../core/ports/random.js';
import { createRuntime } from '../../core/runtime/runtime.js';
import { storeScenario } from '../../core/runtime/scenario-into-store.js';
import { listRows, openListsFromNow } from '../../playground/lib/server/campaign-views.js';
import { scenarioJson } from '../support/scenario-arbitrary.js';

// What Edit Recipients projects for a campaign already sending, against what the runtime then
// really sends: the real runtime on a virtual clock with an ideal provider is stopped mid-campaign,
// the page's rows are read from the store as of that instant, and the rest is played out.

const campaignId = 'campaign-1';

/** Plays `scenario` to `cutMs`, reads Edit Recipients' rows, plays to the end; both as `{ id: [finish, unreached] }`. */
async function projectedThenReal(scenario: Scenario, cutMs: number) {
  const start = scenario.lists.reduce((earliest, list) => Math.min(earliest, list.startAfter.epochMilliseconds), Number.POSITIVE_INFINITY);
  const clock = createVirtualClock({ start: Temporal.Instant.fromEpochMilliseconds(Math.min(start, cutMs)) });
  const store = createMemoryStore();
  const campaign = await storeScenario(store, scenario, campaignId);
  const provider = createMemoryProvider({ clock, ...scenario.provider });
  const runtime = createRuntime({ clock, store, provider, random: seededRandom(1), ids: sequentialIds() });
  const stop = new AbortController();
  const running = runtime.run({ signal: stop.signal });
  await clock.runUntilIdle({ until: Temporal.Instant.fromEpochMilliseconds(cutMs) });

  const rows = await listRows(store, campaign, clock.nowMs());
  const open = await openListsFromNow(store, campaign, clock.nowMs());
  const projected = Object.fromEntries(
    rows.filter((row) => row.status === 'scheduled' || row.status === 'in_progress').map((row) => [row.id, [row.projectedFinish, row.projectedUnreached]])
  );

  await clock.runUntilIdle();
  stop.abort();
  await running;
  const real: Record<string, [string | null, number]> = {};
  for (const id of Object.keys(projected)) {
    const list = await runtime.listStatus(id, null);
    real[id] = [list.completion === 'end_reached' ? list.completedAt : list.lastSendAt, list.unreached];
  }
  await runtime.close();
  return { projected, real, sending: open.sending };
}

// Random campaigns without stops (nobody can project an administrator's future Stop Outreach) or `until`.
const scenarios = scenarioJson.map((json) => parseScenario({ ...json, actions: [], until: null }));

describe('Edit Recipients’ projection from the current state', () => {
  it('agrees with what the runtime then sends: each open list’s finish and unreached count', async () => {
    await fc.assert(
      fc.asyncProperty(scenarios, fc.nat(), fc.double({ min: 0, max: 1, noNaN: true }), async (scenario, pick, fraction) => {
        const sends = [...plan(scenario)];
        fc.pre(sends.length > 0);
        // Any instant from one send to the next: seconds after a send, mid-day, or a full day rolled over.
        const k = pick % sends.length;
        const nextMs = k + 1 < sends.length ? sends[k + 1]!.atMs : sends[k]!.atMs + 86_400_000;
        const cutMs = sends[k]!.atMs + Math.floor(fraction * (nextMs - sends[k]!.atMs));
        const { projected, real } = await projectedThenReal(scenario, cutMs);
        expect(projected).toEqual(real);
      }),
      { numRuns: 60 }
    );
  });

  const everyDay = [['09:00', '17:00']] as [string, string][];
  const halfADay = parseScenario({
    campaign: {
      name: 'Half a day',
      timeZone: 'America/New_York',
      hours: { mon: everyDay, tue: everyDay, wed: everyDay, thu: everyDay, fri: everyDay, sat: everyDay, sun: everyDay },
      rate: { messages: 1, perSeconds: 60 },
      dailyLimit: 10,
      message: 'Hi'
    },
    lists: [
      {
        id: 'dec',
        fileName: 'dec.csv',
        createdAt: '2026-12-01T13:00:00Z',
        startAfter: '2026-12-01T14:00:00Z',
        endBefore: '2026-12-02T22:00:00Z',
        recipients: Array.from({ length: 30 }, (_, i) => ({ phone: `+1212555${1000 + i}` }))
      }
    ],
    actions: []
  });

  it('a daily limit half used and a last send seconds ago: 5 more today, 10 tomorrow, 10 never texted', async () => {
    // 09:04:05 in New York: five sent from 09:00, one a minute, the last five seconds ago.
    const { projected, real, sending } = await projectedThenReal(halfADay, Date.parse('2026-12-01T14:04:05Z'));
    expect(sending).toEqual({ asOfMs: Date.parse('2026-12-01T14:04:05Z'), lastAttemptMs: Date.parse('2026-12-01T14:04:00Z'), counted: [{ date: '2026-12-01', sends: 5 }] });
    // Cut by its end date (17:00 on the 2nd) with 10 never texted; without the state it would say 5.
    expect(projected).toEqual({ dec: ['2026-12-02T22:00:00Z', 10] });
    expect(real).toEqual(projected);
  });
});
