import type { SendOutcome } from '../../core/ports/provider.js';

type Refusal = Exclude<SendOutcome, { kind: 'accepted' | 'ambiguous' }>;
type PermanentReason = Extract<SendOutcome, { kind: 'permanent' }>['reason'];

type CodeRule =
  | { scope: 'recipient'; reason: PermanentReason }
  | { scope: 'campaign'; reason: 'configuration' }
  | { scope: 'transient' };

/**
 * Twilio's error codes, read once here. The same codes come back from the Messages API and in
 * status callbacks' ErrorCode, so both paths use this table.
 */
export const twilioErrorCodes: Readonly<Record<string, CodeRule>> = {
  // The number itself will not take this message: mark the recipient, never retry.
  '21211': { scope: 'recipient', reason: 'invalid_number' }, // invalid 'To' number
  '21610': { scope: 'recipient', reason: 'opted_out' }, // recipient replied STOP to this sender
  '21612': { scope: 'recipient', reason: 'unreachable' }, // 'To' not reachable from this sender
  '21614': { scope: 'recipient', reason: 'unreachable' }, // 'To' is not a mobile number
  '30005': { scope: 'recipient', reason: 'invalid_number' }, // unknown destination handset
  '30006': { scope: 'recipient', reason: 'unreachable' }, // landline or unreachable carrier
  // The sender's own setup is wrong: every later recipient would fail the same way, so stop
  // and tell administrators instead of burning through the list.
  '21408': { scope: 'campaign', reason: 'configuration' }, // region not enabled for the account
  '21606': { scope: 'campaign', reason: 'configuration' }, // 'From' cannot send from this account
  '30007': { scope: 'campaign', reason: 'configuration' }, // carrier filtering: content flagged
  '30002': { scope: 'campaign', reason: 'configuration' }, // account suspended
  // Nothing was taken, or the network may do better later.
  '20429': { scope: 'transient' }, // too many requests
  '21611': { scope: 'transient' }, // sender's queue is full
  '30001': { scope: 'transient' }, // queue overflow
  '30003': { scope: 'transient' }, // handset unreachable (off, out of coverage)
  '30008': { scope: 'transient' }, // unknown error
  '30500': { scope: 'transient' }
};

/**
 * What a refused Messages API request means for the send. `status` is the HTTP status and
 * `code` Twilio's error code from the body, when there is one.
 *
 * Codes not in the table: 429 and 5xx are transient (Twilio took nothing); any other refusal is
 * treated as the campaign's configuration (401 wrong credentials, 404 wrong account, an unknown
 * 4xx), because guessing "this recipient only" would fail every remaining recipient one by one.
 */
export function classifyTwilioRefusal(status: number, code: string | null, message: string): Refusal {
  const known = code === null ? undefined : twilioErrorCodes[code];
  const codeText = code ?? `HTTP ${status}`;
  if (known?.scope === 'transient') return { kind: 'transient', code: codeText, message };
  if (known) return { kind: 'permanent', scope: known.scope, reason: known.reason, code: codeText, message };
  if (status === 429 || status >= 500) return { kind: 'transient', code: codeText, message };
  return { kind: 'permanent', scope: 'campaign', reason: 'configuration', code: codeText, message };
}

/** How a status callback's ErrorCode reads, for the event's `errorScope`; undefined when unknown. */
export function deliveryErrorScope(code: string): 'recipient' | 'campaign' | 'transient' | undefined {
  return twilioErrorCodes[code]?.scope;
}
