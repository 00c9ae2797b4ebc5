import { Temporal } from 'temporal-polyfill';
import { describe, expect, it } from 'vitest';
import { validityPeriodSeconds } from '../../adapters/twilio/validity.js';

const now = Temporal.Instant.from('2026-12-01T16:00:00Z');

describe('ValidityPeriod', () => {
  it('is the whole seconds left in the recipient window', () => {
    expect(validityPeriodSeconds(now, now.add({ minutes: 30 }))).toBe(1800);
  });

  it('rounds down, so a queued message expires before the window closes rather than just after', () => {
    expect(validityPeriodSeconds(now, now.add({ milliseconds: 59_999 }))).toBe(59);
  });

  it("is clamped to Twilio's 36000 seconds for a long window", () => {
    expect(validityPeriodSeconds(now, now.add({ hours: 24 }))).toBe(36_000);
  });

  it('is at least 1 second, which Twilio requires, even when the window is (nearly) closed', () => {
    expect(validityPeriodSeconds(now, now.add({ milliseconds: 400 }))).toBe(1);
    expect(validityPeriodSeconds(now, now.subtract({ minutes: 5 }))).toBe(1);
  });
});
