import type { Temporal } from 'temporal-polyfill';

/** Twilio's bounds for ValidityPeriod, in seconds. */
export const minValiditySeconds = 1;
export const maxValiditySeconds = 36_000;

/**
 * The ValidityPeriod for a message handed over at `now`: whole seconds until the recipient's
 * window closes, so a message stuck in Twilio's queue expires rather than arriving after hours.
 * Rounded down, because Twilio starts counting a little after `now`; clamped to Twilio's range.
 */
export function validityPeriodSeconds(now: Temporal.Instant, windowClosesAt: Temporal.Instant): number {
  const seconds = Math.floor((windowClosesAt.epochMilliseconds - now.epochMilliseconds) / 1000);
  return Math.min(maxValiditySeconds, Math.max(minValiditySeconds, seconds));
}
