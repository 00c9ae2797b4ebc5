import { Temporal } from 'temporal-polyfill';
import { createMemoryProvider, type MemoryProviderOptions } from '../../adapters/memory/memory-provider.js';
import { createMemoryStore } from '../../adapters/memory/memory-store.js';
import { createVirtualClock } from '../../adapters/memory/virtual-clock.js';
import { sequentialIds, type IdSource } from '../../core/ports/ids.js';
import { seededRandom } from '../../core/ports/random.js';
import type { CampaignRecord, RecipientRecord, Store } from '../../core/ports/store.js';
import { createRuntime } from '../../core/runtime/runtime.js';
import type { WeeklyHours } from '../../core/schedule/hours.js';

export const monday9 = Temporal.Instant.from('2026-11-30T14:00:00Z'); // 09:00 in New York, a Monday
const nineToFive = [['09:00', '17:00']] as const;
export const weekdays: WeeklyHours = { mon: nineToFive, tue: nineToFive, wed: nineToFive, thu: nineToFive, fri: nineToFive, sat: [], sun: [] };

export function campaignRecord(overrides: Partial<CampaignRecord> = {}): CampaignRecord {
  return {
    id: 'c1',
    name: 'Dec outreach',
    timeZone: 'America/New_York',
    hours: weekdays,
    rate: { messages: 1, perSeconds: 60 },
    dailyLimit: null,
    message: 'Hi {{name}}',
    sender: null,
    halted: null,
    ...overrides
  };
}

export const phoneOf = (i: number) => `+1212555${String(1000 + i)}`;

export function people(count: number, from = 0): RecipientRecord[] {
  return Array.from({ length: count }, (_, i) => ({
    phone: phoneOf(from + i),
    name: `P${from + i}`,
    timeZone: 'America/New_York',
    variables: {}
  }));
}

export interface WorldOptions {
  campaign?: Partial<CampaignRecord>;
  provider?: Omit<MemoryProviderOptions, 'clock'>;
  store?: Store;
  start?: Temporal.Instant;
  ids?: IdSource;
}

/** A campaign on a virtual clock with the memory provider and store, its runtime running. */
export async function world(options: WorldOptions = {}) {
  const clock = createVirtualClock({ start: options.start ?? monday9 });
  const store = options.store ?? createMemoryStore();
  if ((await store.campaign('c1')) === null) await store.saveCampaign(campaignRecord(options.campaign));
  const provider = createMemoryProvider({ clock, seed: 1, ...options.provider });
  const runtime = createRuntime({ clock, store, provider, random: seededRandom(7), ids: options.ids ?? sequentialIds() });
  const stop = new AbortController();
  const running = runtime.run({ signal: stop.signal });
  return {
    clock,
    store,
    provider,
    runtime,
    addList(id: string, recipients: RecipientRecord[], extra: { startAfter?: Temporal.Instant; endBefore?: Temporal.Instant } = {}) {
      return runtime.addList(
        { id, campaignId: 'c1', fileName: `${id}.csv`, createdAt: clock.now(), startAfter: extra.startAfter ?? clock.now(), endBefore: extra.endBefore ?? null, stoppedAt: null },
        recipients
      );
    },
    advanceMinutes: (minutes: number) => clock.advanceBy(minutes * 60_000),
    /** Messages the provider took, as `phone@HH:MM:SS` (UTC). */
    sentTo: () => provider.messages().map((m) => `${m.to}@${m.createdAt.toString().slice(11, 19)}`),
    state: async (listId: string, row: number) => (await store.recipientStates(listId))[row],
    async shutDown() {
      stop.abort();
      await running;
      await runtime.close();
    }
  };
}
