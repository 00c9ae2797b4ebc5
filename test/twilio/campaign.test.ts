import { Temporal } from 'temporal-polyfill';
import { afterEach, describe, expect, it } from 'vitest';
import { createSystemClock } from '../../adapters/clock/system-clock.js';
import { createMemoryStore } from '../../adapters/memory/memory-store.js';
import { createRuntime, parseScenario, seededRandom, sequentialIds, storeScenario } from '../../core/index.js';
import type { Fault, FakeMessage } from '../fakes/twilio-server.js';
import { magicNumbers } from '../fakes/twilio-server.js';
import { ourNumber, startRig, type Rig } from './support.js';

// The production path end to end: the real runtime on the system clock, the Twilio adapter, the
// official SDK, and the fake Twilio over loopback HTTP calling the webhooks back. A fast throttle
// and all-day hours make a few hundred recipients take seconds.

let rig: Rig | undefined;
afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

const campaignId = 'campaign-1';
const stopper = '+14152010000';
const bystander = '+14152010007';
const listA = [
  ...Array.from({ length: 300 }, (_, i) => `+1415201${String(i).padStart(4, '0')}`),
  magicNumbers.invalidTo,
  magicNumbers.optedOutTo
];
const listB = [stopper, ...Array.from({ length: 50 }, (_, i) => `+1415202${String(i).padStart(4, '0')}`)];

/** A 429 storm, 503s sprinkled through, and one reset after Twilio took the message. */
function faults(n: number): Fault | null {
  if (n >= 40 && n < 48) return { kind: 'refuse', status: 429 };
  if (n === 120) return { kind: 'reset-after-body' };
  if (n % 25 === 0) return { kind: 'refuse', status: 503 };
  return null;
}

/** Callbacks out of order or twice for some messages; numbers ending in 3 go undelivered. */
function scripts(): (message: FakeMessage) => { statuses: string[]; errorCode?: string } {
  const random = seededRandom(11);
  return (message) => {
    let statuses = message.to.endsWith('3') ? ['sent', 'undelivered'] : ['sent', 'delivered'];
    if (random.next() < 0.3) statuses = statuses.reverse();
    if (random.next() < 0.3) statuses = [...statuses, ...statuses];
    return message.to.endsWith('3') ? { statuses, errorCode: '30003' } : { statuses };
  };
}

describe('a whole campaign through the runtime, the Twilio adapter and the fake Twilio', () => {
  it('texts everyone once, records delivery, honours a STOP across lists, rides out 429s and 5xx, refuses forgeries', async () => {
    const clock = createSystemClock();
    const start = clock.now();
    rig = await startRig({
      clock: { ...clock, slept: [] },
      fake: { autoDeliver: true, script: scripts() },
      http: { retry: { maxRetries: 10, firstDelayMs: 5, maxDelayMs: 50 } }
    });
    rig.fake.faultPolicy = faults;
    const fake = rig.fake;

    const allDay = [['00:00', '24:00']];
    const scenario = parseScenario({
      campaign: {
        name: 'Loopback',
        timeZone: 'UTC',
        hours: { mon: allDay, tue: allDay, wed: allDay, thu: allDay, fri: allDay, sat: allDay, sun: allDay },
        rate: { messages: 1000, perSeconds: 1 },
        message: 'Your order is ready. Reply STOP to opt out.'
      },
      lists: [
        { id: 'a', fileName: 'a.csv', createdAt: start.subtract({ minutes: 1 }).toString(), startAfter: start.toString(), recipients: listA.map((phone) => ({ phone })) },
        { id: 'b', fileName: 'b.csv', createdAt: start.toString(), startAfter: start.add({ seconds: 3 }).toString(), recipients: listB.map((phone) => ({ phone })) }
      ]
    });
    const store = createMemoryStore();
    storeScenario(store, scenario, campaignId);
    const runtime = createRuntime({ clock, store, provider: rig.provider, random: seededRandom(3), ids: sequentialIds() });

    // The first customer answers STOP as soon as the campaign's message reaches them.
    let stopSent = false;
    rig.provider.onEvent((event) => {
      if (stopSent || event.type !== 'status' || event.status !== 'delivered') return;
      if (fake.messages.find((m) => m.sid === event.providerId)?.to !== stopper) return;
      stopSent = true;
      void fake.sendInbound({ from: stopper, to: ourNumber, body: 'STOP' });
    });

    await runtime.run({ exitWhenIdle: true });
    await fake.idle();

    // Everyone reachable texted exactly once; the refused numbers never; the stopper not again.
    const textsTo = new Map<string, number>();
    for (const m of fake.messages) textsTo.set(m.to, (textsTo.get(m.to) ?? 0) + 1);
    const expected = new Set([...listA, ...listB]);
    expected.delete(magicNumbers.invalidTo);
    expected.delete(magicNumbers.optedOutTo);
    expect([...textsTo.keys()].sort()).toEqual([...expected].sort());
    expect([...textsTo.values()].every((count) => count === 1)).toBe(true);

    expect((await store.listCounts('a')).states).toMatchObject({ sent: 300, failed: 1, opted_out: 1, pending: 0, unknown: 0 });
    expect((await store.listCounts('b')).states).toMatchObject({ sent: 50, opted_out: 1, pending: 0, unknown: 0 });
    expect(await store.isOptedOut(stopper)).toBe(true);
    expect(runtime.halts()).toEqual([]);

    // Delivery states as Twilio last reported them, whatever order the callbacks came in.
    const finalAtTwilio = new Map(fake.messages.map((m) => [m.sid, m.status]));
    const sent = (await store.attempts(campaignId)).filter((a) => a.outcome === 'sent');
    expect(sent).toHaveLength(350);
    for (const attempt of sent) expect(attempt.deliveryStatus).toBe(finalAtTwilio.get(attempt.providerId ?? ''));
    expect(sent.some((a) => a.deliveryStatus === 'undelivered')).toBe(true);

    // The storm and the 5xx happened, and cost retries rather than recipients.
    expect(fake.requests.filter((r) => r.status === 429)).toHaveLength(8);
    expect(fake.requests.filter((r) => r.status === 503).length).toBeGreaterThan(5);
    expect(fake.requests.filter((r) => r.fault === 'reset-after-body')).toHaveLength(1);

    // Forged callbacks change nothing.
    const stopperMessage = sent.find((a) => a.phone === stopper);
    const forgedStatus = await fake.post(`${rig.appUrl}/webhooks/twilio/status`, { MessageSid: stopperMessage?.providerId ?? '', MessageStatus: 'failed' }, 'wrong');
    const forgedStop = await fake.post(`${rig.appUrl}/webhooks/twilio/inbound`, { MessageSid: 'SM' + 'f'.repeat(32), From: bystander, To: ourNumber, Body: 'STOP' }, 'missing');
    expect([forgedStatus.status, forgedStop.status]).toEqual([403, 403]);
    expect((await store.attemptByProviderId(stopperMessage?.providerId ?? ''))?.deliveryStatus).toBe(finalAtTwilio.get(stopperMessage?.providerId ?? ''));
    expect(await store.isOptedOut(bystander)).toBe(false);
    await runtime.close();
    expect(Temporal.Instant.compare(clock.now(), start)).toBe(1);
  });
});
