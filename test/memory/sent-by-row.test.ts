import { describe, expect, it } from 'vitest';
import { SentByRow } from '../../adapters/memory/sent-by-row.js';
import type { RecipientRecord } from '../../core/ports/store.js';

const recipient = (phone: string): RecipientRecord => ({ phone, name: null, timeZone: 'UTC', variables: {} });

describe("a memory list's sent attempts by row", () => {
  it('finds the latest attempt taken for a phone, over every row that holds it', () => {
    const sent = new SentByRow(['+15550001', '+15550002', '+15550001', '+15550001'].map(recipient));
    expect(sent.latestTo('+15550001')).toBe(-1);
    sent.sent(2, 7);
    sent.sent(0, 3);
    expect(sent.latestTo('+15550001')).toBe(7);
    expect(sent.latestTo('+15550002')).toBe(-1);
    expect(sent.latestTo('+15550003')).toBe(-1);
    // Rows sent after the index was built are seen too, and an older attempt does not hide a newer.
    sent.sent(3, 9);
    sent.sent(3, 4);
    sent.sent(1, 5);
    expect(sent.latestTo('+15550001')).toBe(9);
    expect(sent.latestTo('+15550002')).toBe(5);
  });

  it("tells whether a phone is a row's own", () => {
    const sent = new SentByRow([recipient('+15550001')]);
    expect(sent.isPhoneOf(0, '+15550001')).toBe(true);
    expect(sent.isPhoneOf(0, '+15550002')).toBe(false);
    expect(sent.isPhoneOf(1, '+15550001')).toBe(false);
  });
});
