import { describe, expect, it } from 'vitest';
import { createDeliveryLedger } from '../../adapters/twilio/deliveries.js';

// The ledger that tells a webhook's new step from a repeat remembers a step only once it is
// recorded, and takes the steps of one message one after another.

const sid = 'SM' + 'a'.repeat(32);

/** A write that finishes when told to, as a slow database's would. */
function pendingWrite(): { write: () => Promise<void>; finish: () => void; fail: (error: Error) => void; calls: () => number } {
  let calls = 0;
  let settle: { resolve: () => void; reject: (error: Error) => void } | undefined;
  return {
    write: () => {
      calls += 1;
      return new Promise<void>((resolve, reject) => (settle = { resolve, reject }));
    },
    finish: () => settle!.resolve(),
    fail: (error) => settle!.reject(error),
    calls: () => calls
  };
}

describe('the delivery ledger', () => {
  it('passes a step on again after its recording failed, so that a retry counts', async () => {
    const ledger = createDeliveryLedger();
    await expect(ledger.advance(sid, 'delivered', () => Promise.reject(new Error('database is locked')))).rejects.toThrow('database is locked');
    let recorded = 0;
    expect(await ledger.advance(sid, 'delivered', async () => void (recorded += 1))).toBe(true);
    expect(await ledger.advance(sid, 'delivered', async () => void (recorded += 1))).toBe(false);
    expect(recorded).toBe(1);
  });

  it('judges a repeat that arrives while the first is still being recorded after it: once recorded, the repeat is a repeat', async () => {
    const ledger = createDeliveryLedger();
    const slow = pendingWrite();
    const first = ledger.once(sid, slow.write);
    const repeat = ledger.once(sid, slow.write);
    await Promise.resolve();
    expect(slow.calls()).toBe(1);
    slow.finish();
    expect(await Promise.all([first, repeat])).toEqual([true, false]);
    expect(slow.calls()).toBe(1);
  });

  it('records the repeat instead when the first recording fails', async () => {
    const ledger = createDeliveryLedger();
    const slow = pendingWrite();
    const first = ledger.once(sid, slow.write);
    const repeat = ledger.once(sid, async () => {});
    slow.fail(new Error('database is locked'));
    await expect(first).rejects.toThrow('database is locked');
    expect(await repeat).toBe(true);
  });

  it('takes a status known from a send without recording it, and only forward', async () => {
    const ledger = createDeliveryLedger();
    ledger.reached(sid, 'sent');
    expect(await ledger.advance(sid, 'queued', async () => {})).toBe(false);
    ledger.reached(sid, 'queued');
    expect(await ledger.advance(sid, 'sent', async () => {})).toBe(false);
    expect(await ledger.advance(sid, 'delivered', async () => {})).toBe(true);
  });
});
