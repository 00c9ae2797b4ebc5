import { Temporal } from 'temporal-polyfill';
import type { Scenario } from '../../core/index.js';
import { buildScenario, everyDay } from '../support/build-scenario.js';

/**
 * A campaign the real clock can finish in seconds: open all day, every day, in a zone where it is
 * around noon now (so no local midnight resets the daily count during a test), `perSecond` sends a
 * second, its list started a minute ago.
 */
export function campaignNow(options: { recipients: number; perSecond: number; dailyLimit?: number | null; listId?: string }): Scenario {
  const now = Temporal.Now.instant();
  return buildScenario({
    timeZone: noonZone(now),
    hours: everyDay('00:00', '24:00'),
    rate: { messages: options.perSecond, perSeconds: 1 },
    dailyLimit: options.dailyLimit ?? null,
    lists: [
      {
        id: options.listId ?? 'now',
        createdAt: now.subtract({ minutes: 1 }).toString(),
        startAfter: now.subtract({ minutes: 1 }).toString(),
        zones: Array.from({ length: options.recipients }, () => null)
      }
    ]
  });
}

/** An `Etc/GMT±h` zone whose local time is between 10:00 and 14:00 at `now`. */
export function noonZone(now: Temporal.Instant): string {
  const utcHour = now.toZonedDateTimeISO('UTC').hour;
  const offset = Math.max(-12, Math.min(14, 12 - utcHour));
  // Etc/GMT zones carry the POSIX sign: Etc/GMT-3 is three hours ahead of UTC.
  return offset === 0 ? 'Etc/UTC' : `Etc/GMT${offset > 0 ? '-' : '+'}${Math.abs(offset)}`;
}
