import { Temporal } from 'temporal-polyfill';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { timelineEventJson, type TimelineEvent } from '../../core/campaign/timeline.js';
import { OutboundLine } from '../../core/campaign/timeline-lines.js';
import type {
  AttemptEnd,
  CampaignRecord,
  ListRecord,
  NewAttempt,
  RecipientRecord,
  Store
} from '../../core/ports/store.js';

/** One store, made empty by its own test file; `close` frees what it holds (a file, a connection). */
export interface StoreUnderTest {
  store: Store;
  close(): Promise<void>;
}

/**
 * What every Store must do for the runtime, the worker and the web app, read back through the
 * port only (core/ports/store.ts). Deliberately not here, because the port does not promise it:
 * the order of `unfinishedAttempts`, the numbers `revision()` takes (only that they change),
 * validation of records, durability (each durable store tests its own).
 */
// temporal-polyfill keeps an Instant's value out of sight, so `toEqual` would find any two equal.
expect.addEqualityTesters([
  (a: unknown, b: unknown) =>
    a instanceof Temporal.Instant || b instanceof Temporal.Instant
      ? a instanceof Temporal.Instant && b instanceof Temporal.Instant && a.equals(b)
      : undefined
]);

export function describeStoreContract(name: string, makeStore: () => Promise<StoreUnderTest>): void {
  describe(`Store contract: ${name}`, () => {
    let t: StoreUnderTest;
    let store: Store;
    beforeEach(async () => {
      t = await makeStore();
      store = t.store;
    });
    afterEach(async () => {
      await t.close();
    });

    /** A campaign "c1" with list "l1" of three people (rows 0, 1, 2). */
    async function oneList(recipientsOf: RecipientRecord[] = people(3)): Promise<void> {
      await store.saveCampaign(campaign('c1'));
      await store.addList(list('l1', 'c1'), recipientsOf);
    }

    describe('campaigns', () => {
      it('halts a campaign by its halt alone, once: settings saved meanwhile stay, the first halt stays', async () => {
        await store.saveCampaign(campaign('c1'));
        const before = await store.revision();
        const first = { at: instant('2026-03-02T10:00:00Z'), code: '21606', message: 'bad sender' };
        // Another process saved new settings after the halting one had read the campaign.
        await store.saveCampaign(campaign('c1', { name: 'Renamed' }));
        expect(await store.haltCampaign('c1', first)).toBe(true);
        expect(await store.campaign('c1')).toEqual(campaign('c1', { name: 'Renamed', halted: first }));
        expect(await store.revision()).not.toBe(before);
        expect(await store.haltCampaign('c1', { ...first, at: instant('2026-03-02T11:00:00Z'), code: '21610' })).toBe(false);
        expect((await store.campaign('c1'))?.halted).toEqual(first);
        expect(await store.haltCampaign('gone', first)).toBe(false);
      });

      it('saves a campaign, reads it back whole, and saves it again over the old one', async () => {
        const c = campaign('c1', { dailyLimit: 200 });
        await store.saveCampaign(c);
        expect(await store.campaign('c1')).toEqual(c);
        const halted = { ...c, halted: { at: instant('2026-03-02T10:00:00Z'), code: '21606', message: 'bad sender' } };
        await store.saveCampaign(halted);
        expect(await store.campaign('c1')).toEqual(halted);
        expect(await store.campaign('nope')).toBeNull();
      });

      it("keeps a campaign's sender: none (the provider's default), a Messaging Service, a number, none again", async () => {
        await store.saveCampaign(campaign('c1'));
        expect((await store.campaign('c1'))?.sender).toBeNull();
        for (const sender of ['MG0123456789abcdef0123456789abcdef', '+14155550100', null]) {
          await store.saveCampaign(campaign('c1', { sender }));
          expect(await store.campaign('c1')).toEqual(campaign('c1', { sender }));
        }
        expect((await store.campaigns()).map((c) => c.sender)).toEqual([null]);
      });

      it('lists campaigns ordered by id, whatever order they were saved in', async () => {
        for (const id of ['b', 'c', 'a']) await store.saveCampaign(campaign(id));
        expect((await store.campaigns()).map((c) => c.id)).toEqual(['a', 'b', 'c']);
      });

      it('deletes a campaign with its lists and send log; the timeline and opt-outs stay', async () => {
        await oneList();
        await store.saveCampaign(campaign('c2'));
        await store.addList(list('other', 'c2'), people(1));
        const line = await sendTo('a1', 0, 'SM1');
        await store.setOptedOut(phone(1), true, instant('2026-03-02T10:00:00Z'));

        await store.deleteCampaign('c1');

        expect(await store.campaign('c1')).toBeNull();
        expect(await store.list('l1')).toBeNull();
        expect(await store.lists('c1')).toEqual([]);
        expect(await store.attempts('c1')).toEqual([]);
        expect(await store.attemptByProviderId('SM1')).toBeNull();
        expect(await store.lastSentTo(phone(0))).toBeNull();
        expect((await store.timeline(phone(0))).map(timelineEventJson)).toEqual([timelineEventJson(line)]);
        expect(await store.isOptedOut(phone(1))).toBe(true);
        // The other campaign is untouched.
        expect((await store.campaigns()).map((c) => c.id)).toEqual(['c2']);
        expect(await store.recipientStates('other')).toEqual(['pending']);
      });
    });

    describe('lists and recipients', () => {
      it('serves lists by (startAfter, createdAt, id), not in the order they were added', async () => {
        await store.saveCampaign(campaign('c1'));
        await store.addList(list('late', 'c1', { startAfter: instant('2026-03-05T00:00:00Z') }), people(1));
        await store.addList(list('b', 'c1', { createdAt: instant('2026-03-01T09:00:00Z') }), people(1));
        await store.addList(list('a', 'c1', { createdAt: instant('2026-03-01T09:00:00Z') }), people(1));
        await store.addList(list('first', 'c1', { createdAt: instant('2026-03-01T08:00:00Z') }), people(1));
        expect((await store.lists('c1')).map((l) => l.id)).toEqual(['first', 'a', 'b', 'late']);
      });

      it('reads a list back whole, and its recipients and states in file order', async () => {
        await store.saveCampaign(campaign('c1'));
        const l = list('l1', 'c1', { fileName: 'march.csv', endBefore: instant('2026-03-10T00:00:00Z') });
        const rs: RecipientRecord[] = [
          { phone: '+15550000002', name: 'Zoe', timeZone: 'America/New_York', variables: { name: 'Zoe', shop: 'Main St' } },
          { phone: '+15550000001', name: null, timeZone: 'Europe/Paris', variables: {} }
        ];
        await store.addList(l, rs);
        expect(await store.list('l1')).toEqual(l);
        expect(await store.list('nope')).toBeNull();
        expect(await store.recipients('l1')).toEqual(rs);
        expect(await store.recipientStates('l1')).toEqual(['pending', 'pending']);
      });

      it('rejects a list whose id is taken, and keeps the first one as it was', async () => {
        await oneList();
        await expect(store.addList(list('l1', 'c1'), people(5, 100))).rejects.toThrow();
        expect(await store.recipients('l1')).toEqual(people(3));
      });

      it('keeps an empty list', async () => {
        await store.saveCampaign(campaign('c1'));
        await store.addList(list('empty', 'c1'), []);
        expect(await store.recipients('empty')).toEqual([]);
        expect((await store.listCounts('empty')).total).toBe(0);
      });

      it('stops a list once: a second stop keeps the first instant', async () => {
        await oneList();
        await store.stopList('l1', instant('2026-03-02T10:00:00Z'));
        await store.stopList('l1', instant('2026-03-02T11:00:00Z'));
        expect((await store.list('l1'))?.stoppedAt).toEqual(instant('2026-03-02T10:00:00Z'));
      });

      it('lets an administrator set a recipient state outside the send protocol', async () => {
        await oneList();
        await store.setRecipientState('l1', 2, 'failed');
        expect(await store.recipientStates('l1')).toEqual(['pending', 'pending', 'failed']);
        expect((await store.listCounts('l1')).states.failed).toBe(1);
      });
    });

    describe('claim', () => {
      it('does not claim a recipient whose campaign was deleted meanwhile, and says so', async () => {
        await oneList();
        await store.deleteCampaign('c1');
        expect(await store.claim(newAttempt('a1', 0))).toBe('not_claimable');
        expect(await store.attempts('c1')).toEqual([]);
      });

      it('claims a pending recipient: it becomes sending and the attempt is logged as begun', async () => {
        await oneList();
        expect(await store.claim(newAttempt('a1', 1))).toBe('claimed');
        expect(await store.recipientStates('l1')).toEqual(['pending', 'sending', 'pending']);
        expect(await store.attempts('c1')).toEqual([
          {
            ...newAttempt('a1', 1),
            outcome: 'sending',
            providerId: null,
            deliveryStatus: null,
            code: null,
            retryAtMs: null
          }
        ]);
      });

      it('moves an opted-out phone to opted_out and logs nothing', async () => {
        await oneList();
        await store.setOptedOut(phone(0), true, instant('2026-03-01T00:00:00Z'));
        expect(await store.claim(newAttempt('a1', 0))).toBe('opted_out');
        expect(await store.recipientStates('l1')).toEqual(['opted_out', 'pending', 'pending']);
        expect(await store.attempts('c1')).toEqual([]);
      });

      it('does not claim a recipient that is not pending', async () => {
        await oneList();
        expect(await store.claim(newAttempt('a1', 0))).toBe('claimed');
        expect(await store.claim(newAttempt('a2', 0))).toBe('not_claimable');
        await store.setRecipientState('l1', 1, 'unknown');
        expect(await store.claim(newAttempt('a3', 1))).toBe('not_claimable');
        expect((await store.attempts('c1')).map((a) => a.id)).toEqual(['a1']);
      });

      it('does not claim from a list stopped at or before the claim, but does before the stop', async () => {
        await oneList();
        await store.stopList('l1', instant('2026-03-02T10:00:00Z'));
        expect(await store.claim(newAttempt('a1', 0, ms('2026-03-02T10:00:00Z')))).toBe('not_claimable');
        expect(await store.claim(newAttempt('a2', 1, ms('2026-03-02T11:00:00Z')))).toBe('not_claimable');
        expect(await store.claim(newAttempt('a3', 2, ms('2026-03-02T09:59:59Z')))).toBe('claimed');
        expect(await store.recipientStates('l1')).toEqual(['pending', 'pending', 'sending']);
      });

      it('rejects an attempt id already taken, under way or finished, and changes nothing', async () => {
        await oneList();
        await store.claim(newAttempt('a1', 0));
        await expect(store.claim(newAttempt('a1', 1))).rejects.toThrow();
        await store.finishAttempt('a1', sent('SM1'));
        await expect(store.claim(newAttempt('a1', 2))).rejects.toThrow();
        expect(await store.recipientStates('l1')).toEqual(['sent', 'pending', 'pending']);
        expect(await store.attempts('c1')).toHaveLength(1);
      });

      it('claims only while the named lease is held by its holder at the claim instant', async () => {
        await oneList();
        const t0 = ms('2026-03-02T10:00:00Z');
        const lease = { name: 'sender', holder: 'worker-1' };
        // Never taken: lost.
        expect(await store.claim(newAttempt('a0', 0, t0), lease)).toBe('lease_lost');
        expect(await store.acquireLease('sender', 'worker-1', t0, 15_000)).toBe(true);
        expect(await store.claim(newAttempt('a1', 0, t0 + 1_000), lease)).toBe('claimed');
        // Someone else's name for it: lost.
        expect(await store.claim(newAttempt('a2', 1, t0 + 1_000), { name: 'sender', holder: 'worker-2' })).toBe('lease_lost');
        // Past its expiry: lost, and nothing moved.
        expect(await store.claim(newAttempt('a3', 1, t0 + 20_000), lease)).toBe('lease_lost');
        expect(await store.recipientStates('l1')).toEqual(['sending', 'pending', 'pending']);
        expect((await store.attempts('c1')).map((a) => a.id)).toEqual(['a1']);
      });

      it('rejects a claim for a row the list does not have; a list that is not there is not claimable', async () => {
        await oneList();
        await expect(store.claim(newAttempt('a1', 3))).rejects.toThrow();
        expect(await store.claim({ ...newAttempt('a2', 0), listId: 'nope' })).toBe('not_claimable');
      });
    });

    describe('finishAttempt', () => {
      it('records a send the provider took: the recipient is sent, the line appended', async () => {
        await oneList();
        await store.claim(newAttempt('a1', 0));
        const line = outbound(0, 'SM1', ms('2026-03-02T10:00:00Z'));
        await store.finishAttempt('a1', { ...sent('SM1', 'queued'), timeline: line });
        expect(await store.recipientStates('l1')).toEqual(['sent', 'pending', 'pending']);
        const [attempt] = await store.attempts('c1');
        expect(attempt).toMatchObject({ id: 'a1', outcome: 'sent', providerId: 'SM1', deliveryStatus: 'queued', code: null });
        expect(await store.attemptByProviderId('SM1')).toEqual(attempt);
        expect((await store.timeline(phone(0))).map(timelineEventJson)).toEqual([timelineEventJson(line)]);
        expect(await store.unfinishedAttempts()).toEqual([]);
      });

      it('records a refusal with its code, moves the recipient where it is told, and appends the refusal', async () => {
        await oneList();
        await store.claim(newAttempt('a1', 0));
        const refused: TimelineEvent = {
          type: 'refused',
          at: instant('2026-03-02T10:00:00Z'),
          phone: phone(0),
          campaignId: 'c1',
          listId: 'l1',
          reason: 'invalid_number',
          code: '21211'
        };
        await store.finishAttempt('a1', {
          result: { outcome: 'failed', code: '21211' },
          recipientState: 'failed',
          timeline: refused,
          optOutAtMs: null
        });
        expect(await store.recipientStates('l1')).toEqual(['failed', 'pending', 'pending']);
        expect((await store.attempts('c1'))[0]).toMatchObject({ outcome: 'failed', code: '21211', providerId: null });
        expect((await store.timeline(phone(0))).map(timelineEventJson)).toEqual([timelineEventJson(refused)]);
      });

      it('records an opt-out the provider reported, for every campaign', async () => {
        await oneList();
        await store.claim(newAttempt('a1', 0));
        await store.finishAttempt('a1', {
          result: { outcome: 'opted_out', code: '21610' },
          recipientState: 'opted_out',
          timeline: null,
          optOutAtMs: ms('2026-03-02T10:00:00Z')
        });
        expect(await store.isOptedOut(phone(0))).toBe(true);
        expect(await store.recipientStates('l1')).toEqual(['opted_out', 'pending', 'pending']);
      });

      it('puts a transient failure back to pending, counts the retry and keeps when to try again', async () => {
        await oneList();
        await store.claim(newAttempt('a1', 1, ms('2026-03-02T10:00:00Z')));
        await store.finishAttempt('a1', retry(ms('2026-03-02T10:01:00Z')));
        await store.claim(newAttempt('a2', 1, ms('2026-03-02T10:01:00Z')));
        await store.finishAttempt('a2', retry(ms('2026-03-02T10:03:00Z')));
        expect(await store.recipientStates('l1')).toEqual(['pending', 'pending', 'pending']);
        expect(await store.retriesOf('l1', 1)).toBe(2);
        expect(await store.retriesOf('l1', 0)).toBe(0);
        expect((await store.attempts('c1')).map((a) => [a.outcome, a.code, a.retryAtMs])).toEqual([
          ['retry', '20429', ms('2026-03-02T10:01:00Z')],
          ['retry', '20429', ms('2026-03-02T10:03:00Z')]
        ]);
      });

      it('leaves a recipient unknown when the outcome could not be learnt', async () => {
        await oneList();
        await store.claim(newAttempt('a1', 0));
        await store.finishAttempt('a1', { result: { outcome: 'unknown' }, recipientState: 'unknown', timeline: null, optOutAtMs: null });
        expect(await store.recipientStates('l1')).toEqual(['unknown', 'pending', 'pending']);
        expect((await store.attempts('c1'))[0]?.outcome).toBe('unknown');
      });

      it('answers false for an attempt that is not sending, and changes nothing', async () => {
        await oneList();
        expect(await store.finishAttempt('never', sent('SM0'))).toBe(false);
        await store.claim(newAttempt('a1', 0));
        expect(await store.finishAttempt('a1', sent('SM1'))).toBe(true);
        expect(await store.finishAttempt('a1', { ...sent('SM2'), recipientState: 'failed' })).toBe(false);
        expect(await store.recipientStates('l1')).toEqual(['sent', 'pending', 'pending']);
        expect((await store.attempts('c1'))[0]?.providerId).toBe('SM1');
        expect(await store.attemptByProviderId('SM2')).toBeNull();
      });
    });

    describe('applyDelivery', () => {
      it('moves a message forward only, with a status line for each move and none for repeats or late reports', async () => {
        await oneList();
        await sendTo('a1', 0, 'SM1');
        const t0 = ms('2026-03-02T10:00:05Z');
        const first = await store.applyDelivery(report('SM1', 'sent', t0));
        expect(first?.moved).toBe('sent');
        expect(first?.attempt).toMatchObject({ id: 'a1', deliveryStatus: 'sent' });
        expect((await store.applyDelivery(report('SM1', 'sent', t0 + 1)))?.moved).toBeNull();
        expect((await store.applyDelivery(report('SM1', 'delivered', t0 + 2)))?.moved).toBe('delivered');
        // A late `sent` and a contradicting final status change nothing once delivered.
        const late = await store.applyDelivery(report('SM1', 'sent', t0 + 3));
        expect(late).toMatchObject({ moved: null, attempt: { deliveryStatus: 'delivered' } });
        expect((await store.applyDelivery(report('SM1', 'undelivered', t0 + 4, '30003')))?.moved).toBeNull();

        expect((await store.attemptByProviderId('SM1'))?.deliveryStatus).toBe('delivered');
        const statuses = (await store.timeline(phone(0))).filter((e) => e.type === 'status');
        expect(statuses.map(timelineEventJson)).toEqual([
          statusJson('SM1', 'sent', t0, null),
          statusJson('SM1', 'delivered', t0 + 2, null)
        ]);
      });

      it('keeps the error code of a failed delivery on the status line', async () => {
        await oneList();
        await sendTo('a1', 0, 'SM1');
        await store.applyDelivery(report('SM1', 'undelivered', ms('2026-03-02T10:00:09Z'), '30003'));
        const [status] = (await store.timeline(phone(0))).filter((e) => e.type === 'status');
        expect(status && timelineEventJson(status)).toEqual(statusJson('SM1', 'undelivered', ms('2026-03-02T10:00:09Z'), '30003'));
      });

      it('keeps a report that overtook its send and applies it when the attempt finishes sent with that id', async () => {
        await oneList();
        await store.claim(newAttempt('a1', 0));
        const early = ms('2026-03-02T10:00:01Z');
        expect(await store.applyDelivery(report('SM1', 'delivered', early))).toBeNull();
        expect(await store.applyDelivery(report('SM9', 'sent', early))).toBeNull();
        const line = outbound(0, 'SM1', ms('2026-03-02T10:00:00Z'));
        await store.finishAttempt('a1', { ...sent('SM1', 'queued'), timeline: line });
        expect((await store.attemptByProviderId('SM1'))?.deliveryStatus).toBe('delivered');
        expect((await store.timeline(phone(0))).map(timelineEventJson)).toEqual([
          timelineEventJson(line),
          statusJson('SM1', 'delivered', early, null)
        ]);
        // Applied once: repeating it now is a repeat, not a move.
        expect((await store.applyDelivery(report('SM1', 'delivered', early)))?.moved).toBeNull();
      });

      it('applies several early reports in the order they came, forward only', async () => {
        await oneList();
        await store.claim(newAttempt('a1', 0));
        const t0 = ms('2026-03-02T10:00:01Z');
        await store.applyDelivery(report('SM1', 'sent', t0));
        await store.applyDelivery(report('SM1', 'delivered', t0 + 1));
        await store.applyDelivery(report('SM1', 'sent', t0 + 2));
        await store.finishAttempt('a1', sent('SM1', 'queued'));
        expect((await store.attemptByProviderId('SM1'))?.deliveryStatus).toBe('delivered');
        expect((await store.timeline(phone(0))).map(timelineEventJson)).toEqual([
          statusJson('SM1', 'sent', t0, null),
          statusJson('SM1', 'delivered', t0 + 1, null)
        ]);
      });
    });

    describe('recordInbound', () => {
      it('attributes a reply to the latest message the provider took for that phone, in any campaign', async () => {
        await oneList([person(0), person(0), person(2)]);
        await store.saveCampaign(campaign('c2'));
        await store.addList(list('l2', 'c2'), people(1));
        await sendTo('a1', 0, 'SM1', 'l1', ms('2026-03-02T10:00:00Z'));
        await sendTo('a2', 0, 'SM2', 'l2', ms('2026-03-02T11:00:00Z'));
        // A later attempt that the provider did not take is not a message to reply to.
        await store.claim({ ...newAttempt('a3', 1, ms('2026-03-02T12:00:00Z')), phone: phone(0) });
        const event = await store.recordInbound({ from: phone(0), body: 'Thanks!', atMs: ms('2026-03-02T12:00:00Z'), kind: 'reply' });
        expect(timelineEventJson(event)).toEqual({
          at: '2026-03-02T12:00:00Z',
          type: 'reply',
          phone: phone(0),
          campaignId: 'c2',
          listId: 'l2',
          body: 'Thanks!'
        });
        expect((await store.timeline(phone(0))).map(timelineEventJson).at(-1)).toEqual(timelineEventJson(event));
      });

      it('keeps a message from a phone never texted, attributed to nothing', async () => {
        const event = await store.recordInbound({ from: '+15559999999', body: 'who is this?', atMs: ms('2026-03-02T12:00:00Z'), kind: 'reply' });
        expect(event).toMatchObject({ campaignId: null, listId: null, type: 'reply' });
        expect(await store.timeline('+15559999999')).toHaveLength(1);
      });

      it('opts a phone out on STOP and back in on START', async () => {
        await oneList();
        await sendTo('a1', 0, 'SM1');
        await store.recordInbound({ from: phone(0), body: 'STOP', atMs: ms('2026-03-02T12:00:00Z'), kind: 'opt_out' });
        expect(await store.isOptedOut(phone(0))).toBe(true);
        await store.recordInbound({ from: phone(0), body: 'START', atMs: ms('2026-03-02T13:00:00Z'), kind: 'opt_in' });
        expect(await store.isOptedOut(phone(0))).toBe(false);
        expect((await store.timeline(phone(0))).map((e) => e.type)).toEqual(['outbound', 'opt_out', 'opt_in']);
      });
    });

    describe('send log', () => {
      it('counts a list: states, first and last send, retries', async () => {
        await oneList(people(5));
        await sendTo('a1', 0, 'SM1', 'l1', ms('2026-03-02T10:00:00Z'));
        await store.claim(newAttempt('a2', 1, ms('2026-03-02T10:01:00Z')));
        await store.finishAttempt('a2', retry(ms('2026-03-02T10:05:00Z')));
        await sendTo('a3', 2, 'SM3', 'l1', ms('2026-03-02T10:02:00Z'));
        await store.claim(newAttempt('a4', 3, ms('2026-03-02T10:03:00Z')));
        const counts = await store.listCounts('l1');
        expect(counts).toEqual({
          total: 5,
          states: { pending: 2, sending: 1, sent: 2, failed: 0, opted_out: 0, unknown: 0 },
          firstSentAt: instant('2026-03-02T10:00:00Z'),
          lastSentAt: instant('2026-03-02T10:02:00Z'),
          retries: 1
        });
      });

      it('counts a list nothing was sent from yet', async () => {
        await oneList();
        expect(await store.listCounts('l1')).toEqual({
          total: 3,
          states: { pending: 3, sending: 0, sent: 0, failed: 0, opted_out: 0, unknown: 0 },
          firstSentAt: null,
          lastSentAt: null,
          retries: 0
        });
      });

      it('gives a campaign its attempts in the order they began, and no other campaign', async () => {
        await oneList();
        await store.saveCampaign(campaign('c2'));
        await store.addList(list('l2', 'c2'), people(1));
        await sendTo('a1', 2, 'SM1', 'l1', ms('2026-03-02T10:00:00Z'));
        await sendTo('x1', 0, 'SMX', 'l2', ms('2026-03-02T10:00:30Z'));
        await store.claim(newAttempt('a0', 0, ms('2026-03-02T10:01:00Z')));
        await sendTo('a2', 1, 'SM2', 'l1', ms('2026-03-02T10:02:00Z'));
        expect((await store.attempts('c1')).map((a) => [a.id, a.row, a.outcome])).toEqual([
          ['a1', 2, 'sent'],
          ['a0', 0, 'sending'],
          ['a2', 1, 'sent']
        ]);
        expect((await store.attempts('c2')).map((a) => a.id)).toEqual(['x1']);
      });

      it('lists the attempts still under way, for reconciling after a restart', async () => {
        await oneList();
        await store.claim(newAttempt('a1', 0));
        await store.claim(newAttempt('a2', 1));
        await store.claim(newAttempt('a3', 2));
        await store.finishAttempt('a2', sent('SM2'));
        const unfinished = await store.unfinishedAttempts();
        expect(unfinished.map((a) => a.id).sort()).toEqual(['a1', 'a3']);
        expect(unfinished.find((a) => a.id === 'a3')).toEqual({
          ...newAttempt('a3', 2),
          outcome: 'sending',
          providerId: null,
          deliveryStatus: null,
          code: null,
          retryAtMs: null
        });
      });

      it('finds the last message the provider took for a phone', async () => {
        await oneList([person(0), person(0), person(1)]);
        expect(await store.lastSentTo(phone(0))).toBeNull();
        await sendTo('a1', 0, 'SM1', 'l1', ms('2026-03-02T10:00:00Z'));
        await sendTo('a2', 1, 'SM2', 'l1', ms('2026-03-02T10:01:00Z'));
        await store.claim(newAttempt('a3', 2, ms('2026-03-02T10:02:00Z')));
        expect((await store.lastSentTo(phone(0)))?.id).toBe('a2');
        expect(await store.lastSentTo(phone(1))).toBeNull();
      });
    });

    describe('timeline and opt-outs', () => {
      it('keeps every line in the order appended, per phone and all together', async () => {
        const lines: TimelineEvent[] = [
          { type: 'reply', at: instant('2026-03-02T12:00:00Z'), phone: phone(1), body: 'hi', campaignId: null, listId: null },
          outbound(0, 'SM1', ms('2026-03-02T09:00:00Z')),
          { type: 'opt_out', at: instant('2026-03-02T08:00:00Z'), phone: phone(0), body: 'STOP', campaignId: 'c1', listId: 'l1' }
        ];
        for (const line of lines) await store.appendTimeline(line);
        expect((await store.timelineEvents()).map(timelineEventJson)).toEqual(lines.map(timelineEventJson));
        expect((await store.timeline(phone(0))).map(timelineEventJson)).toEqual(lines.slice(1).map(timelineEventJson));
        expect(await store.timeline('+15559999999')).toEqual([]);
      });

      it('reads lines back with their instant, whether written with `at` or made from epoch ms', async () => {
        await store.appendTimeline(outbound(0, 'SM1', ms('2026-03-02T09:00:00.123Z')));
        const [line] = await store.timeline(phone(0));
        expect(line?.at.equals(instant('2026-03-02T09:00:00.123Z'))).toBe(true);
      });

      it('opts a phone out and in again', async () => {
        expect(await store.isOptedOut(phone(0))).toBe(false);
        await store.setOptedOut(phone(0), true, instant('2026-03-02T10:00:00Z'));
        expect(await store.isOptedOut(phone(0))).toBe(true);
        expect(await store.isOptedOut(phone(1))).toBe(false);
        await store.setOptedOut(phone(0), false, instant('2026-03-02T11:00:00Z'));
        expect(await store.isOptedOut(phone(0))).toBe(false);
      });
    });

    describe('leases', () => {
      const t0 = ms('2026-03-02T10:00:00Z');

      it('takes a free lease, renews its own, refuses someone else’s until it expires', async () => {
        expect(await store.acquireLease('sender', 'w1', t0, 15_000)).toBe(true);
        expect(await store.acquireLease('sender', 'w2', t0 + 5_000, 15_000)).toBe(false);
        // Renewed at +10 s: good until +25 s, so w2 still waits at +20 s.
        expect(await store.acquireLease('sender', 'w1', t0 + 10_000, 15_000)).toBe(true);
        expect(await store.acquireLease('sender', 'w2', t0 + 20_000, 15_000)).toBe(false);
        // w1 died: w2 takes over once it expired.
        expect(await store.acquireLease('sender', 'w2', t0 + 25_001, 15_000)).toBe(true);
        expect(await store.acquireLease('sender', 'w1', t0 + 26_000, 15_000)).toBe(false);
      });

      it('keeps leases of different names apart', async () => {
        expect(await store.acquireLease('a', 'w1', t0, 15_000)).toBe(true);
        expect(await store.acquireLease('b', 'w2', t0, 15_000)).toBe(true);
      });

      it('frees a lease its holder releases, and ignores a release by anyone else', async () => {
        await store.acquireLease('sender', 'w1', t0, 15_000);
        await store.releaseLease('sender', 'w2');
        expect(await store.acquireLease('sender', 'w2', t0 + 1_000, 15_000)).toBe(false);
        await store.releaseLease('sender', 'w1');
        expect(await store.acquireLease('sender', 'w2', t0 + 1_000, 15_000)).toBe(true);
      });

      it('lists the leases held now under a prefix, by name, with their holders and expiries', async () => {
        await store.acquireLease('worker:w2', 'w2', t0, 10_000);
        await store.acquireLease('worker:w1', 'w1', t0 + 5_000, 10_000);
        await store.acquireLease('campaign:c1', 'w1', t0, 10_000);
        await store.acquireLease('worker', 'w3', t0, 10_000);
        expect(await store.leases('worker:', t0 + 1_000)).toEqual([
          { name: 'worker:w1', holder: 'w1', expiresAtMs: t0 + 15_000 },
          { name: 'worker:w2', holder: 'w2', expiresAtMs: t0 + 10_000 }
        ]);
        // w2's has run out: a lease counts only while held.
        expect((await store.leases('worker:', t0 + 10_000)).map((lease) => lease.holder)).toEqual(['w1']);
        await store.releaseLease('worker:w1', 'w1');
        expect(await store.leases('worker:', t0 + 1_000)).toEqual([{ name: 'worker:w2', holder: 'w2', expiresAtMs: t0 + 10_000 }]);
        expect((await store.leases('', t0 + 1_000)).map((lease) => lease.name)).toEqual(['campaign:c1', 'worker', 'worker:w2']);
      });
    });

    describe('campaigns to send', () => {
      const now = ms('2026-03-02T10:00:00Z');

      it('names the campaigns with a list that can still send, by id, and no other', async () => {
        for (const id of ['c3', 'c1', 'c2', 'c4', 'c5', 'c6']) await store.saveCampaign(campaign(id));
        await store.addList(list('l3', 'c3'), people(2));
        await store.addList(list('l1', 'c1', { startAfter: instant('2026-03-05T00:00:00Z') }), people(2)); // not begun: still to send
        await store.addList(list('l2', 'c2', { endBefore: instant('2026-03-02T10:00:00Z') }), people(2)); // ended
        await store.addList(list('l4', 'c4'), people(1));
        await store.stopList('l4', instant('2026-03-02T09:00:00Z'));
        await store.addList(list('l5', 'c5'), people(1));
        expect(await store.claim({ ...newAttempt('a5', 0, now - 60_000), campaignId: 'c5', listId: 'l5' })).toBe('claimed');
        expect(await store.finishAttempt('a5', sent('SM5'))).toBe(true); // nobody left pending
        expect(await store.campaignsToSend(now)).toEqual(['c1', 'c3']);
        // An hour earlier c2's list had not ended yet.
        expect(await store.campaignsToSend(now - 3_600_000)).toEqual(['c1', 'c2', 'c3']);
      });

      it('leaves a halted campaign out, unless a send of its own is still unfinished', async () => {
        await store.saveCampaign(campaign('c1', { halted: { at: instant('2026-03-02T09:00:00Z'), code: '21606', message: 'bad sender' } }));
        await store.addList(list('l1', 'c1'), people(2));
        expect(await store.campaignsToSend(now)).toEqual([]);
        await store.saveCampaign(campaign('c1'));
        expect(await store.claim(newAttempt('a1', 0, now))).toBe('claimed');
        await store.saveCampaign(campaign('c1', { halted: { at: instant('2026-03-02T10:00:01Z'), code: '21606', message: 'bad sender' } }));
        await store.stopList('l1', instant('2026-03-02T10:00:02Z'));
        // Stopped and halted, but the crash's attempt must still be reconciled by whoever takes the campaign.
        expect(await store.campaignsToSend(now)).toEqual(['c1']);
        expect(await store.finishAttempt('a1', sent('SM1'))).toBe(true);
        expect(await store.campaignsToSend(now)).toEqual([]);
      });
    });

    describe('revision', () => {
      it('changes whenever a campaign or a list is saved, added, stopped or deleted', async () => {
        const seen = [await store.revision()];
        const changed = async () => {
          const now = await store.revision();
          expect(seen).not.toContain(now);
          seen.push(now);
        };
        await store.saveCampaign(campaign('c1'));
        await changed();
        await store.saveCampaign(campaign('c1', { name: 'Renamed' }));
        await changed();
        await store.addList(list('l1', 'c1'), people(1));
        await changed();
        await store.stopList('l1', instant('2026-03-02T10:00:00Z'));
        await changed();
        await store.deleteCampaign('c1');
        await changed();
      });
    });

    describe('records are values', () => {
      it('a returned record changed by its reader changes nothing in the store', async () => {
        await oneList();
        await sendTo('a1', 0, 'SM1');
        const c = (await store.campaign('c1')) as CampaignRecord;
        const l = (await store.list('l1')) as ListRecord;
        const a = (await store.attempts('c1'))[0] as { outcome: string; providerId: string | null };
        const rs = await store.recipients('l1');
        const states = await store.recipientStates('l1');
        tryToChange(() => {
          c.name = 'Changed';
        });
        tryToChange(() => {
          c.rate.messages = 99;
        });
        tryToChange(() => {
          l.fileName = 'changed.csv';
        });
        tryToChange(() => {
          a.outcome = 'failed';
          a.providerId = 'SMX';
        });
        tryToChange(() => {
          (rs[0] as { name: string | null }).name = 'Changed';
        });
        tryToChange(() => {
          states[0] = 'failed';
        });

        expect(await store.campaign('c1')).toEqual(campaign('c1'));
        expect((await store.list('l1'))?.fileName).toBe('l1.csv');
        expect((await store.attemptByProviderId('SM1'))?.outcome).toBe('sent');
        expect(await store.attemptByProviderId('SMX')).toBeNull();
        expect((await store.recipients('l1'))[0]?.name).toBe(person(0).name);
        expect((await store.recipientStates('l1'))[0]).toBe('sent');
      });

      it('a record read earlier does not show later writes', async () => {
        await oneList();
        await store.claim(newAttempt('a1', 0));
        const [before] = await store.unfinishedAttempts();
        const listBefore = await store.list('l1');
        const statesBefore = await store.recipientStates('l1');
        await store.finishAttempt('a1', sent('SM1'));
        await store.applyDelivery(report('SM1', 'delivered', ms('2026-03-02T10:00:05Z')));
        await store.stopList('l1', instant('2026-03-02T11:00:00Z'));
        expect(before).toMatchObject({ outcome: 'sending', providerId: null, deliveryStatus: null });
        expect(listBefore?.stoppedAt).toBeNull();
        expect(statesBefore[0]).toBe('sending');
      });
    });

    // -------------------------------------------------------------------------------------------

    /** Claims row `row` of `listId` and finishes it `sent` with `providerId`, with its outbound line. */
    async function sendTo(id: string, row: number, providerId: string, listId = 'l1', atMs = ms('2026-03-02T10:00:00Z')) {
      const recipient = (await store.recipients(listId))[row] as RecipientRecord;
      const campaignId = (await store.list(listId))?.campaignId as string;
      expect(await store.claim({ id, campaignId, listId, row, phone: recipient.phone, body: 'Hello', atMs })).toBe('claimed');
      const line = new OutboundLine(atMs, recipient.phone, campaignId, 'Campaign', listId, listId, 'Hello', providerId);
      await store.finishAttempt(id, { ...sent(providerId, 'queued'), timeline: line });
      return line;
    }

    function statusJson(providerId: string, status: string, atMs: number, errorCode: string | null) {
      return {
        at: Temporal.Instant.fromEpochMilliseconds(atMs).toString(),
        type: 'status',
        phone: phone(0),
        campaignId: 'c1',
        listId: 'l1',
        providerId,
        status,
        errorCode
      };
    }
  });
}

// ---------------------------------------------------------------------------------------------

const instant = (text: string) => Temporal.Instant.from(text);
const ms = (text: string) => Temporal.Instant.from(text).epochMilliseconds;

/** Changes a returned record; a frozen one refuses (a TypeError in strict mode), which is a value too. */
function tryToChange(change: () => void): void {
  try {
    change();
  } catch (error) {
    if (!(error instanceof TypeError)) throw error;
  }
}

function campaign(id: string, overrides: Partial<CampaignRecord> = {}): CampaignRecord {
  const day = [['09:00', '17:00']] as const;
  return {
    id,
    name: `Campaign ${id}`,
    timeZone: 'America/New_York',
    hours: { mon: day, tue: day, wed: day, thu: day, fri: day, sat: [], sun: [] },
    rate: { messages: 1, perSeconds: 2 },
    dailyLimit: null,
    message: 'Hello {{name}}',
    sender: null,
    halted: null,
    ...overrides
  };
}

function list(id: string, campaignId: string, overrides: Partial<ListRecord> = {}): ListRecord {
  return {
    id,
    campaignId,
    fileName: `${id}.csv`,
    createdAt: instant('2026-03-01T08:00:00Z'),
    startAfter: instant('2026-03-02T00:00:00Z'),
    endBefore: null,
    stoppedAt: null,
    ...overrides
  };
}

const phone = (i: number) => `+1555000${String(1000 + i).padStart(4, '0')}`;

function person(i: number): RecipientRecord {
  return { phone: phone(i), name: `Person ${i}`, timeZone: 'America/Chicago', variables: { name: `Person ${i}` } };
}

function people(count: number, from = 0): RecipientRecord[] {
  return Array.from({ length: count }, (_, i) => person(from + i));
}

function newAttempt(id: string, row: number, atMs = ms('2026-03-02T10:00:00Z')): NewAttempt {
  return { id, campaignId: 'c1', listId: 'l1', row, phone: phone(row), body: 'Hello', atMs };
}

function sent(providerId: string, status: 'queued' | 'sent' = 'queued'): AttemptEnd {
  return { result: { outcome: 'sent', providerId, status }, recipientState: 'sent', timeline: null, optOutAtMs: null };
}

function retry(retryAtMs: number): AttemptEnd {
  return { result: { outcome: 'retry', code: '20429', retryAtMs }, recipientState: 'pending', timeline: null, optOutAtMs: null };
}

function outbound(row: number, providerId: string, atMs: number): OutboundLine {
  return new OutboundLine(atMs, phone(row), 'c1', 'Campaign c1', 'l1', 'l1.csv', 'Hello', providerId);
}

function report(providerId: string, status: 'queued' | 'sent' | 'delivered' | 'undelivered' | 'failed', atMs: number, errorCode: string | null = null) {
  return { providerId, status, atMs, errorCode };
}
