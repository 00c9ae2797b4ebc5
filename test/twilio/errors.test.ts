import { describe, expect, it } from 'vitest';
import { classifyTwilioRefusal, deliveryErrorScope } from '../../adapters/twilio/errors.js';

// The table, written out again here on purpose: the test is the spec, errors.ts the code.
const documented = [
  ['21211', 400, { kind: 'permanent', scope: 'recipient', reason: 'invalid_number' }],
  ['21610', 400, { kind: 'permanent', scope: 'recipient', reason: 'opted_out' }],
  ['21612', 400, { kind: 'permanent', scope: 'recipient', reason: 'unreachable' }],
  ['21614', 400, { kind: 'permanent', scope: 'recipient', reason: 'unreachable' }],
  ['30005', 400, { kind: 'permanent', scope: 'recipient', reason: 'invalid_number' }],
  ['30006', 400, { kind: 'permanent', scope: 'recipient', reason: 'unreachable' }],
  ['21408', 400, { kind: 'permanent', scope: 'campaign', reason: 'configuration' }],
  ['21606', 400, { kind: 'permanent', scope: 'campaign', reason: 'configuration' }],
  ['30007', 400, { kind: 'permanent', scope: 'campaign', reason: 'configuration' }],
  ['30002', 400, { kind: 'permanent', scope: 'campaign', reason: 'configuration' }],
  ['20429', 429, { kind: 'transient' }],
  ['21611', 400, { kind: 'transient' }],
  ['30001', 400, { kind: 'transient' }],
  ['30003', 400, { kind: 'transient' }],
  ['30008', 400, { kind: 'transient' }],
  ['30500', 400, { kind: 'transient' }]
] as const;

describe('Twilio error codes', () => {
  it.each(documented)('code %s (HTTP %i) means %o', (code, status, expected) => {
    const outcome = classifyTwilioRefusal(status, code, 'from Twilio');
    expect(outcome).toMatchObject({ ...expected, code, message: 'from Twilio' });
  });

  it.each([429, 500, 502, 503, 504])('HTTP %i without a known code is transient: Twilio took nothing', (status) => {
    expect(classifyTwilioRefusal(status, null, 'busy')).toEqual({ kind: 'transient', code: `HTTP ${status}`, message: 'busy' });
  });

  it('a known code wins over the HTTP status it came with', () => {
    expect(classifyTwilioRefusal(500, '21610', 'x')).toMatchObject({ kind: 'permanent', reason: 'opted_out' });
  });

  it.each([
    [401, '20003'],
    [404, '20404'],
    [400, '21602']
  ])('HTTP %i code %s, not in the table, stops the campaign rather than failing recipient after recipient', (status, code) => {
    expect(classifyTwilioRefusal(status, code, 'x')).toMatchObject({ kind: 'permanent', scope: 'campaign', reason: 'configuration', code });
  });

  it('status callbacks read their ErrorCode with the same table', () => {
    expect(deliveryErrorScope('30007')).toBe('campaign');
    expect(deliveryErrorScope('30003')).toBe('transient');
    expect(deliveryErrorScope('30006')).toBe('recipient');
    expect(deliveryErrorScope('12345')).toBeUndefined();
  });
});
