import { describe, expect, it } from 'vitest';
import { Temporal } from 'temporal-polyfill';
import { OutboundMessage } from '../../core/runtime/outbound-message.js';

describe('an outbound message', () => {
  it('is keyed by its list and row, stable per recipient', () => {
    const closes = Temporal.Instant.from('2026-12-01T22:00:00Z');
    const sms = new OutboundMessage('+14155550100', 'Hi', closes, 'dec-1', 7);
    expect({ to: sms.to, body: sms.body, windowClosesAt: sms.windowClosesAt, key: sms.key }).toEqual({
      to: '+14155550100',
      body: 'Hi',
      windowClosesAt: closes,
      key: 'dec-1/7'
    });
  });
});
