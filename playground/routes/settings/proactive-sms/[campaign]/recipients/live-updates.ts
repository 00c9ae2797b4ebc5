/**
 * Where the page's live updates stand. `ended_*` come from the server's `ended` event, `gone` from
 * its `gone` event (the campaign was deleted); `stopped` is the browser giving up (the stream was
 * refused on reconnecting, e.g. sent to sign in), where it would otherwise spin forever.
 */
export type LiveState = 'connecting' | 'live' | 'reconnecting' | 'ended_signed_out' | 'ended_not_admin' | 'gone' | 'stopped';

/** The state for the reason an `ended` event gives; an unknown reason reads as signed out. */
export function endedState(data: string): LiveState {
  try {
    return (JSON.parse(data) as { reason?: unknown }).reason === 'not_admin' ? 'ended_not_admin' : 'ended_signed_out';
  } catch {
    return 'ended_signed_out';
  }
}

/** Whether the page has stopped listening for good (no reconnecting will bring it back). */
export const isFinal = (state: LiveState): boolean => state !== 'connecting' && state !== 'live' && state !== 'reconnecting';
