import { describe, expect, it } from 'vitest';
import { Temporal } from 'temporal-polyfill';
import { OutboundMessage } from '../../core/runtime/outbound-message.js';

describe('an outbound message', () => {
  it('is keyed by its list and row, stable per recipient, and comes from the campaign sender', () => {
    const closes = Temporal.Instant.from('2026-12-01T22:00:00Z');
    const sms = new OutboundMessage('+14155550100', 'Hi', '+14155550199', closes, 'dec-1', 7);
    expect({ to: sms.to, body: sms.body, from: sms.from, windowClosesAt: sms.windowClosesAt, key: sms.key }).toEqual({
      to: '+14155550100',
      body: 'Hi',
      from: '+14155550199',
      windowClosesAt: closes,
      key: 'dec-1/7'
    });
  });
});
