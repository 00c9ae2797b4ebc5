import type { Temporal } from 'temporal-polyfill';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { deliveryStatuses, type Provider, type ProviderEvent } from '../../core/ports/provider.js';

/** One provider, set up by its own test file so that the contract can drive it. */
export interface ProviderUnderTest {
  provider: Provider;
  /** Distinct numbers the provider takes messages for, and delivers to. */
  reachable(i: number): string;
  /** A number the provider refuses for good as invalid. */
  invalidNumber: string;
  now(): Temporal.Instant;
  /** Lets `ms` pass; whatever the provider reports in that time (delivery, replies) comes in. */
  advance(ms: number): Promise<void>;
  /** A customer texts the campaign's number. */
  customerWrites(from: string, body: string): Promise<void>;
  close(): Promise<void>;
}

/**
 * What every Provider must do, whatever is behind it. Deliberately not here, because the port
 * does not promise it: events in order or only once, a given initial status, timings.
 */
export function runProviderContract(name: string, make: () => Promise<ProviderUnderTest>): void {
  describe(`Provider contract: ${name}`, () => {
    let t: ProviderUnderTest;
    let events: ProviderEvent[];
    beforeEach(async () => {
      t = await make();
      events = [];
      t.provider.onEvent((event) => events.push(event));
    });
    afterEach(async () => {
      await t.close();
    });

    const message = (to: string, body = 'Your order is ready.') => ({
      to,
      body,
      from: null,
      windowClosesAt: t.now().add({ hours: 2 }),
      key: `contract:${to}`
    });

    it('accepts a message with an id of its own and a known status', async () => {
      const a = await t.provider.send(message(t.reachable(0)));
      const b = await t.provider.send(message(t.reachable(1)));
      expect(a).toMatchObject({ kind: 'accepted', providerId: expect.any(String) });
      expect(b).toMatchObject({ kind: 'accepted', providerId: expect.any(String) });
      if (a.kind !== 'accepted' || b.kind !== 'accepted') return;
      expect(a.providerId).not.toBe(b.providerId);
      expect(deliveryStatuses).toContain(a.status);
    });

    it('refuses an invalid number for good, for that recipient only, and keeps nothing', async () => {
      const since = t.now();
      expect(await t.provider.send(message(t.invalidNumber))).toMatchObject({
        kind: 'permanent',
        scope: 'recipient',
        reason: 'invalid_number'
      });
      expect(await t.provider.findMessages(t.invalidNumber, since)).toEqual([]);
    });

    it('finds what it took for a number since an instant, and nothing else', async () => {
      const to = t.reachable(2);
      await t.provider.send(message(to, 'before'));
      await t.advance(5_000);
      const since = t.now();
      const after = await t.provider.send(message(to, 'after'));
      await t.provider.send(message(t.reachable(3), 'someone else'));
      const found = await t.provider.findMessages(to, since);
      expect(found.map((m) => [m.providerId, m.to, m.body])).toEqual([
        [after.kind === 'accepted' ? after.providerId : 'not accepted', to, 'after']
      ]);
    });

    it('reports every accepted message to a final state, only about messages it took', async () => {
      const ids = new Set<string>();
      for (let i = 0; i < 3; i++) {
        const outcome = await t.provider.send(message(t.reachable(10 + i)));
        if (outcome.kind === 'accepted') ids.add(outcome.providerId);
      }
      await t.advance(60 * 60_000);
      const statuses = events.flatMap((e) => (e.type === 'status' ? [e] : []));
      for (const event of statuses) {
        expect(ids).toContain(event.providerId);
        expect(deliveryStatuses).toContain(event.status);
      }
      const final = new Set(statuses.filter((e) => ['delivered', 'undelivered', 'failed'].includes(e.status)).map((e) => e.providerId));
      expect(final).toEqual(ids);
    });

    it('stops telling a listener once it unsubscribed', async () => {
      const late: ProviderEvent[] = [];
      const unsubscribe = t.provider.onEvent((event) => late.push(event));
      unsubscribe();
      await t.provider.send(message(t.reachable(20)));
      await t.advance(60 * 60_000);
      expect(events.length).toBeGreaterThan(0);
      expect(late).toEqual([]);
    });

    it("passes on a customer's message as an inbound event", async () => {
      const from = t.reachable(30);
      await t.customerWrites(from, 'Is it still available?');
      expect(events).toContainEqual(expect.objectContaining({ type: 'inbound', from, body: 'Is it still available?' }));
    });

    it('takes nothing when the send was aborted before it began', async () => {
      const since = t.now();
      const controller = new AbortController();
      controller.abort(new Error('shutting down'));
      const outcome = await t.provider.send(message(t.reachable(40)), controller.signal);
      expect(outcome.kind).not.toBe('accepted');
      expect(outcome.kind).not.toBe('ambiguous');
      expect(await t.provider.findMessages(t.reachable(40), since)).toEqual([]);
    });
  });
}
