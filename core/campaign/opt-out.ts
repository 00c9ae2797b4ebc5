/** Whole-body replies that opt a phone out of every campaign (DESIGN.md, Opt-out). */
export const optOutKeywords: ReadonlySet<string> = new Set([
  'STOP',
  'STOPALL',
  'UNSUBSCRIBE',
  'CANCEL',
  'END',
  'QUIT',
  'REVOKE',
  'OPTOUT'
]);

/** Whole-body replies that undo an opt-out. */
export const optInKeywords: ReadonlySet<string> = new Set(['START', 'YES', 'UNSTOP']);

export type ReplyKind = 'opt_out' | 'opt_in' | 'reply';

/**
 * What a customer's message means for sending. Only the whole body counts: "stop by the shop
 * tomorrow" is a conversation, not an opt-out. A provider's own reading (Twilio's OptOutType,
 * which may cover keywords configured at Twilio) is honoured as well, never instead.
 */
export function classifyReply(body: string, providerKeyword?: 'stop' | 'start' | 'help'): ReplyKind {
  const word = body.trim().toUpperCase();
  if (optOutKeywords.has(word) || providerKeyword === 'stop') return 'opt_out';
  if (optInKeywords.has(word) || providerKeyword === 'start') return 'opt_in';
  return 'reply';
}
