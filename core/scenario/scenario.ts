import type { Temporal } from 'temporal-polyfill';
import type { ImportReport, Recipient } from '../recipients/types.js';
import type { WeeklyHours } from '../schedule/hours.js';
import type { Rate } from '../schedule/throttle.js';
import type { ProviderSettings } from './provider-schema.js';

export type { Recipient };

export interface Campaign {
  name: string;
  timeZone: string;
  hours: WeeklyHours;
  rate: Rate;
  dailyLimit: number | null;
  message: string;
}

export interface RecipientList {
  id: string;
  fileName: string;
  createdAt: Temporal.Instant;
  startAfter: Temporal.Instant;
  endBefore: Temporal.Instant | null;
  /** In file order; a send names a recipient by its index here (`row`). */
  recipients: Recipient[];
  /** For a list given as a CSV file: what its import kept and left out. */
  import?: ImportReport;
}

export interface StopAction {
  at: Temporal.Instant;
  stop: string;
}

/** A validated scenario with every list's recipients in hand. */
export interface Scenario {
  campaign: Campaign;
  lists: RecipientList[];
  actions: StopAction[];
  provider: ProviderSettings;
  until: Temporal.Instant | null;
}
