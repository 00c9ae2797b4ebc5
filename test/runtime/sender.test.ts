import { describe, expect, it } from 'vitest';
import { createMemoryProvider } from '../../adapters/memory/memory-provider.js';
import { createMemoryStore } from '../../adapters/memory/memory-store.js';
import { createVirtualClock } from '../../adapters/memory/virtual-clock.js';
import { sequentialIds } from '../../core/ports/ids.js';
import type { OutboundSms } from '../../core/ports/provider.js';
import { seededRandom } from '../../core/ports/random.js';
import { createRuntime } from '../../core/runtime/runtime.js';
import { campaignRecord, monday9, people } from './world.js';

describe("a campaign's sender", () => {
  it('is handed to the provider with each of its messages; a campaign without one leaves it to the default', async () => {
    const store = createMemoryStore();
    const ownService = 'MG' + '0123456789abcdef'.repeat(2);
    await store.saveCampaign(campaignRecord({ id: 'own', sender: ownService }));
    await store.saveCampaign(campaignRecord({ id: 'default', sender: null }));
    // One recipient each: both are due at once, so the run ends without the virtual clock moving.
    for (const [listId, campaignId, from] of [['l1', 'own', 0], ['l2', 'default', 1]] as const) {
      await store.addList({ id: listId, campaignId, fileName: `${listId}.csv`, createdAt: monday9, startAfter: monday9, endBefore: null, stoppedAt: null }, people(1, from));
    }
    const clock = createVirtualClock({ start: monday9 });
    const memory = createMemoryProvider({ clock, seed: 1 });
    const handed: Array<Pick<OutboundSms, 'to' | 'from'>> = [];
    const provider = { ...memory, send: (sms: OutboundSms, signal?: AbortSignal) => (handed.push({ to: sms.to, from: sms.from }), memory.send(sms, signal)) };
    const runtime = createRuntime({ clock, store, provider, random: seededRandom(1), ids: sequentialIds() });
    await runtime.run({ exitWhenIdle: true });
    await runtime.close();

    const fromOf = (to: string) => handed.filter((sms) => sms.to === to).map((sms) => sms.from);
    expect(handed).toHaveLength(2);
    expect(fromOf(people(1, 0)[0]!.phone)).toEqual([ownService]);
    expect(fromOf(people(1, 1)[0]!.phone)).toEqual([null]);
    // The memory provider has no senders: it takes both all the same.
    expect(memory.messages()).toHaveLength(2);
  });
});
