import { describe, expect, it } from 'vitest';
import { createMemoryProvider, type MemoryProvider, type MemoryProviderOptions } from '../../adapters/memory/memory-provider.js';
import { createMemoryStore } from '../../adapters/memory/memory-store.js';
import { createVirtualClock } from '../../adapters/memory/virtual-clock.js';
import { sequentialIds } from '../../core/ports/ids.js';
import type { Provider, SendOutcome } from '../../core/ports/provider.js';
import { seededRandom } from '../../core/ports/random.js';
import { createRuntime } from '../../core/runtime/runtime.js';
import { campaignRecord, monday9, people, phoneOf } from './world.js';

// A provider may answer `send` with the outcome itself (the memory provider without latency does):
// the runtime then records it before the callbacks it set off, instead of keeping them as early
// statuses. Nothing a run shows may depend on which way the answer came.

type Answering = 'synchronously' | 'as a promise';
type Wrap = (provider: Provider, memory: MemoryProvider, clock: ReturnType<typeof createVirtualClock>) => Provider;

/** Two campaigns of `count` recipients each, sending at the same instants, played for `minutes`. */
async function play(answering: Answering, options: Omit<MemoryProviderOptions, 'clock'>, count: number, minutes: number, wrap?: Wrap) {
  const clock = createVirtualClock({ start: monday9 });
  const store = createMemoryStore();
  const memory = createMemoryProvider({ clock, seed: 3, ...options });
  const answered: Provider = answering === 'synchronously' ? memory : { ...memory, send: (sms, signal) => promised(memory.send(sms, signal)) };
  const provider = wrap === undefined ? answered : wrap(answered, memory, clock);
  const runtime = createRuntime({ clock, store, provider, random: seededRandom(7), ids: sequentialIds() });
  for (const [campaignId, from] of [['c1', 0], ['c2', count]] as const) {
    store.saveCampaign(campaignRecord({ id: campaignId, name: campaignId }));
    const list = { id: `${campaignId}-list`, campaignId, fileName: `${campaignId}.csv`, createdAt: monday9, startAfter: monday9, endBefore: null, stoppedAt: null };
    runtime.addList(list, people(count, from));
  }
  const stop = new AbortController();
  const running = runtime.run({ signal: stop.signal });
  await clock.advanceBy(minutes * 60_000);
  stop.abort();
  await running;
  runtime.close();
  return {
    timeline: [...store.timelineEvents()].map(fieldsOf),
    lists: ['c1-list', 'c2-list'].map((id) => runtime.listStatus(id)),
    taken: memory.messages().map((m) => m.to),
    state: (listId: string, row: number) => store.recipientState(listId, row)
  };
}

/** The answer as a promise, as the memory provider gave it before it could answer synchronously. */
function promised(answer: SendOutcome | Promise<SendOutcome>): Promise<SendOutcome> {
  return answer instanceof Promise ? answer : Promise.resolve(answer);
}

describe('the runtime, with a provider that answers synchronously', () => {
  const worlds: Array<[string, Omit<MemoryProviderOptions, 'clock'>]> = [
    ['callbacks and replies due at the send instant', { failureRate: 0.1, transientFailureRate: 0.2, replyRate: 0.3, optOutRate: 0.1, outOfOrderRate: 0.3, undeliveredRate: 0.1 }],
    ['callbacks and replies later', { failureRate: 0.1, ambiguousRate: 0.1, replyRate: 0.3, optOutRate: 0.1, optInRate: 0.5, deliveryDelayMs: 20_000, replyDelayMs: 90_000 }]
  ];
  it.each(worlds)('plays the same run as when every answer is a promise: %s', async (_, options) => {
    const synchronous = await play('synchronously', options, 40, 120);
    const asPromises = await play('as a promise', options, 40, 120);
    expect(synchronous.timeline).toEqual(asPromises.timeline);
    expect(synchronous.lists).toEqual(asPromises.lists);
    expect(synchronous.taken).toEqual(asPromises.taken);
  });

  it('lets what a send set off happen before a send due at the same instant', async () => {
    // c1's first recipient's send makes c2's first recipient text STOP (as a reaction, as callbacks
    // come): c2's send at the same instant must find them opted out.
    const stopFromNext: Wrap = (provider, memory, clock) => ({
      ...provider,
      send(sms, signal) {
        const answer = provider.send(sms, signal);
        if (sms.to === phoneOf(0)) {
          const stop = { type: 'inbound', providerId: 'MM1', from: phoneOf(1), to: '+15005550006', body: 'STOP', at: clock.now() } as const;
          void Promise.resolve().then(() => memory.report(stop));
        }
        return answer;
      }
    });
    const run = await play('synchronously', {}, 1, 1, stopFromNext);
    expect(run.taken).toEqual([phoneOf(0)]);
    expect(run.state('c2-list', 0)).toBe('opted_out');
  });
});

/** What a timeline line says, read through its getters (the memory store's lines are views). */
function fieldsOf(event: object): Record<string, string> {
  const keys = ['type', 'at', 'phone', 'campaignId', 'listId', 'listName', 'body', 'providerId', 'status', 'errorCode', 'reason', 'code'];
  return Object.fromEntries(keys.filter((key) => key in event).map((key) => [key, String((event as Record<string, unknown>)[key])]));
}
