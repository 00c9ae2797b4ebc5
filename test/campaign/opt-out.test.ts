import { describe, expect, it } from 'vitest';
import { classifyReply } from '../../core/campaign/opt-out.js';
import { advanceDeliveryStatus } from '../../core/campaign/delivery-status.js';

describe('opt-out keywords', () => {
  it.each(['STOP', 'stop', ' Stop ', 'STOPALL', 'unsubscribe', 'CANCEL', 'end', 'QUIT', 'revoke', 'OptOut'])(
    '"%s" opts out',
    (body) => expect(classifyReply(body)).toBe('opt_out')
  );
  it.each(['START', 'yes', ' Unstop'])('"%s" opts back in', (body) => expect(classifyReply(body)).toBe('opt_in'));
  it.each(['stop by tomorrow', 'Please STOP texting me soon', 'STOP!', 'ok', ''])('"%s" is a conversation, not a keyword', (body) =>
    expect(classifyReply(body)).toBe('reply')
  );
  it("honours the provider's own reading of a keyword", () => {
    expect(classifyReply('ARRET', 'stop')).toBe('opt_out');
    expect(classifyReply('REPRENDRE', 'start')).toBe('opt_in');
    expect(classifyReply('INFO', 'help')).toBe('reply');
  });
});

describe('delivery status', () => {
  it('moves forward only, and a final status is final', () => {
    expect(advanceDeliveryStatus('queued', 'sent')).toBe('sent');
    expect(advanceDeliveryStatus('sent', 'queued')).toBe('sent');
    expect(advanceDeliveryStatus('sent', 'delivered')).toBe('delivered');
    expect(advanceDeliveryStatus('delivered', 'sent')).toBe('delivered');
    expect(advanceDeliveryStatus('delivered', 'undelivered')).toBe('delivered');
    expect(advanceDeliveryStatus('undelivered', 'delivered')).toBe('undelivered');
  });
});
