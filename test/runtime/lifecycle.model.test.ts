import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Temporal } from 'temporal-polyfill';
import type { SendOutcome } from '../../core/ports/provider.js';
import type { RecipientRecord } from '../../core/ports/store.js';
import { gapMs } from '../../core/schedule/throttle.js';
import { inWindow, localDate } from '../support/reference.js';
import { campaignRecord, world } from './world.js';

/**
 * The runtime against a deliberately tiny model of what an administrator and customers did:
 * which lists exist and when they were stopped, who opted out when, which rates were in force.
 * After every command the real run is checked against DESIGN.md's invariants.
 */

const zones = ['America/New_York', 'America/Los_Angeles', 'Europe/London', 'Australia/Lord_Howe'];
const hours = {
  mon: [['09:00', '12:00'], ['13:00', '17:00']],
  tue: [['09:00', '17:00']],
  wed: [['00:00', '24:00']],
  thu: [['20:00', '24:00']],
  fri: [['09:00', '17:00']],
  sat: [],
  sun: [['10:00', '11:00']]
} as const;
const dailyLimit = 6;
/** A small pool, so that lists share phones and an opt-out reaches across them. */
const pool: RecipientRecord[] = Array.from({ length: 12 }, (_, i) => ({
  phone: `+1646555${String(2000 + i)}`,
  name: `P${i}`,
  timeZone: zones[i % zones.length]!,
  variables: {}
}));

type Real = Awaited<ReturnType<typeof world>>;
type Status = 'scheduled' | 'in_progress' | 'completed' | 'stopped';

interface Model {
  /**
   * `attemptsBeforeStop`: how many attempts the campaign had logged when the stop was made. A send
   * due at the very instant an administrator stops the list, and already made when the stop came
   * (the clock was advanced onto that instant first), happened before the stop.
   */
  lists: Array<{ id: string; stoppedAtMs: number | null; attemptsBeforeStop: number | null }>;
  /** Per phone, the instants it opted out and back in, in order. */
  optChanges: Map<string, Array<{ atMs: number; optedOut: boolean }>>;
  gaps: Array<{ fromMs: number; gapMs: number }>;
  sent: Map<string, number>;
  status: Map<string, Status>;
}

const statusRank: Record<Status, number> = { scheduled: 0, in_progress: 1, completed: 2, stopped: 2 };

function optedOutAt(model: Model, phone: string, atMs: number): boolean {
  let out = false;
  for (const change of model.optChanges.get(phone) ?? []) if (change.atMs <= atMs) out = change.optedOut;
  return out;
}

function gapAt(model: Model, atMs: number): number {
  let gap = model.gaps[0]!.gapMs;
  for (const change of model.gaps) if (change.fromMs <= atMs) gap = change.gapMs;
  return gap;
}

async function checkInvariants(model: Model, real: Real): Promise<void> {
  const attempts = await real.store.attempts('c1');
  const recipients = new Map<string, RecipientRecord[]>();
  for (const list of model.lists) recipients.set(list.id, await real.store.recipients(list.id));
  const perDay = new Map<string, number>();
  const stopped = new Map(model.lists.map((list) => [list.id, list]));
  for (const [i, attempt] of attempts.entries()) {
    const { atMs } = attempt;
    const recipient = recipients.get(attempt.listId)![attempt.row]!;
    const what = `${attempt.listId}#${attempt.row} at ${Temporal.Instant.fromEpochMilliseconds(atMs).toString()}`;
    expect(inWindow(hours, recipient.timeZone, atMs), `${what}: outside the ${recipient.timeZone} window`).toBe(true);
    expect(optedOutAt(model, recipient.phone, atMs), `${what}: the phone had opted out`).toBe(false);
    const stop = stopped.get(attempt.listId);
    if (stop !== undefined && stop.stoppedAtMs !== null && i >= (stop.attemptsBeforeStop as number)) {
      expect(atMs, `${what}: the list was stopped`).toBeLessThan(stop.stoppedAtMs);
    }
    const previous = attempts[i - 1];
    if (previous !== undefined) {
      expect(atMs - previous.atMs, `${what}: faster than the throttle`).toBeGreaterThanOrEqual(gapAt(model, atMs));
    }
    if (attempt.outcome === 'sent' || attempt.outcome === 'unknown') {
      const date = localDate(atMs, campaignRecord().timeZone);
      perDay.set(date, (perDay.get(date) ?? 0) + 1);
    }
  }
  for (const [date, count] of perDay) expect(count, `${date}: over the daily limit`).toBeLessThanOrEqual(dailyLimit);
  // Independent of the store: what the provider itself took, per phone, against how many lists hold it.
  const listsHolding = new Map<string, number>();
  for (const list of model.lists) {
    for (const { phone } of recipients.get(list.id)!) listsHolding.set(phone, (listsHolding.get(phone) ?? 0) + 1);
  }
  const taken = new Map<string, number>();
  for (const message of real.provider.messages()) taken.set(message.to, (taken.get(message.to) ?? 0) + 1);
  for (const [phone, count] of taken) expect(count, `${phone} texted too often`).toBeLessThanOrEqual(listsHolding.get(phone) ?? 0);
  for (const list of model.lists) {
    const now = await real.runtime.listStatus(list.id);
    expect(now.sent, `${list.id}: progress went back`).toBeGreaterThanOrEqual(model.sent.get(list.id) ?? 0);
    const before = model.status.get(list.id);
    if (before !== undefined) {
      expect(statusRank[now.status], `${list.id}: ${before} → ${now.status}`).toBeGreaterThanOrEqual(statusRank[before]);
      if (statusRank[before] === 2) expect(now.status, `${list.id}: left a final status`).toBe(before);
    }
    model.sent.set(list.id, now.sent);
    model.status.set(list.id, now.status);
  }
}

type Command = fc.AsyncCommand<Model, Real>;

class AdvanceClock implements Command {
  constructor(readonly minutes: number) {}
  check = () => true;
  async run(model: Model, real: Real) {
    await real.advanceMinutes(this.minutes);
    await checkInvariants(model, real);
  }
  toString = () => `AdvanceClock(${this.minutes} min)`;
}

class AddList implements Command {
  constructor(readonly from: number, readonly count: number, readonly startInMinutes: number, readonly endInHours: number | null) {}
  check = (model: Model) => model.lists.length < 5;
  async run(model: Model, real: Real) {
    const id = `l${model.lists.length + 1}`;
    const recipients = Array.from({ length: this.count }, (_, i) => pool[(this.from + i) % pool.length]!);
    const startAfter = real.clock.now().add({ minutes: this.startInMinutes });
    await real.addList(id, recipients, {
      startAfter,
      ...(this.endInHours === null ? {} : { endBefore: startAfter.add({ hours: this.endInHours }) })
    });
    model.lists.push({ id, stoppedAtMs: null, attemptsBeforeStop: null });
    await checkInvariants(model, real);
  }
  toString = () => `AddList(from ${this.from}, ${this.count}, in ${this.startInMinutes} min, end ${this.endInHours} h)`;
}

class StopList implements Command {
  constructor(readonly index: number) {}
  check = (model: Model) => model.lists.length > 0;
  async run(model: Model, real: Real) {
    const list = model.lists[this.index % model.lists.length]!;
    const attemptsBefore = (await real.store.attempts('c1')).length;
    await real.runtime.stopList(list.id);
    if (list.stoppedAtMs === null) {
      list.stoppedAtMs = real.clock.nowMs();
      list.attemptsBeforeStop = attemptsBefore;
    }
    await checkInvariants(model, real);
  }
  toString = () => `StopList(${this.index})`;
}

class ProviderFailsNext implements Command {
  constructor(readonly outcome: Exclude<SendOutcome, { kind: 'accepted' }>, readonly taken: boolean) {}
  check = () => true;
  async run(model: Model, real: Real) {
    real.provider.failNext(this.outcome, { taken: this.taken && this.outcome.kind === 'ambiguous' });
    await checkInvariants(model, real);
  }
  toString = () => `ProviderFailsNext(${this.outcome.kind}${this.taken ? ', taken' : ''})`;
}

class CustomerWrites implements Command {
  constructor(readonly who: number, readonly body: string) {}
  check = () => true;
  async run(model: Model, real: Real) {
    const phone = pool[this.who % pool.length]!.phone;
    real.provider.receive(phone, this.body);
    await real.clock.advanceBy(0);
    const word = this.body.trim().toUpperCase();
    if (word === 'STOP' || word === 'START') {
      const changes = model.optChanges.get(phone) ?? [];
      changes.push({ atMs: real.clock.nowMs(), optedOut: word === 'STOP' });
      model.optChanges.set(phone, changes);
    }
    await checkInvariants(model, real);
  }
  toString = () => `CustomerWrites(${this.who}, ${JSON.stringify(this.body)})`;
}

class ChangeRate implements Command {
  constructor(readonly messages: number, readonly perSeconds: number) {}
  check = () => true;
  async run(model: Model, real: Real) {
    const rate = { messages: this.messages, perSeconds: this.perSeconds };
    await real.runtime.updateCampaign({ ...(await real.store.campaign('c1'))!, rate });
    // The new gap holds between the last send before the change and the next one after it.
    model.gaps.push({ fromMs: real.clock.nowMs(), gapMs: Math.min(gapMs(rate), gapAt(model, real.clock.nowMs())) });
    model.gaps.push({ fromMs: real.clock.nowMs() + 1, gapMs: gapMs(rate) });
    await checkInvariants(model, real);
  }
  toString = () => `ChangeRate(${this.messages}/${this.perSeconds}s)`;
}

const outcomes = fc.oneof(
  fc.constant<Exclude<SendOutcome, { kind: 'accepted' }>>({ kind: 'transient', code: '503', message: 'unavailable' }),
  fc.constant<Exclude<SendOutcome, { kind: 'accepted' }>>({ kind: 'permanent', scope: 'recipient', reason: 'invalid_number', code: '21211', message: 'invalid' }),
  fc.constant<Exclude<SendOutcome, { kind: 'accepted' }>>({ kind: 'permanent', scope: 'recipient', reason: 'opted_out', code: '21610', message: 'unsubscribed' }),
  fc.constant<Exclude<SendOutcome, { kind: 'accepted' }>>({ kind: 'ambiguous', message: 'timed out' })
);

const commands = [
  fc.integer({ min: 1, max: 24 * 60 }).map((m) => new AdvanceClock(m)),
  fc.integer({ min: 0, max: 30 }).map((m) => new AdvanceClock(m)),
  fc
    .tuple(fc.nat(11), fc.integer({ min: 1, max: 8 }), fc.integer({ min: 0, max: 600 }), fc.option(fc.integer({ min: 1, max: 72 }), { nil: null }))
    .map(([from, count, start, end]) => new AddList(from, count, start, end)),
  fc.nat(4).map((i) => new StopList(i)),
  fc.tuple(outcomes, fc.boolean()).map(([outcome, taken]) => new ProviderFailsNext(outcome, taken)),
  fc.tuple(fc.nat(11), fc.constantFrom('Thanks!', 'STOP', 'stop ', 'START', 'When?')).map(([who, body]) => new CustomerWrites(who, body)),
  fc.tuple(fc.integer({ min: 1, max: 10 }), fc.constantFrom(60, 600, 3600)).map(([m, s]) => new ChangeRate(m, s))
];

describe('the runtime against a model of its lifecycle', () => {
  it('keeps every sending invariant whatever administrators, customers and the provider do', async () => {
    await fc.assert(
      fc.asyncProperty(fc.commands(commands, { maxCommands: 40 }), async (cmds) => {
        const real = await world({ campaign: { hours, dailyLimit, rate: { messages: 4, perSeconds: 600 } }, provider: { deliveryDelayMs: 30_000, outOfOrderRate: 0.3 } });
        const model: Model = {
          lists: [],
          optChanges: new Map(),
          gaps: [{ fromMs: Number.NEGATIVE_INFINITY, gapMs: gapMs({ messages: 4, perSeconds: 600 }) }],
          sent: new Map(),
          status: new Map()
        };
        try {
          await fc.asyncModelRun(() => ({ model, real }), cmds);
        } finally {
          await real.shutDown();
        }
      }),
      { numRuns: 150 }
    );
  });
});
