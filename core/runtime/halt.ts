import type { Temporal } from 'temporal-polyfill';
import type { Store } from '../ports/store.js';

/** A campaign that stopped sending because the provider refused its configuration. */
export interface CampaignHalt {
  campaignId: string;
  at: Temporal.Instant;
  code: string;
  message: string;
}

/**
 * Halts a campaign: nothing more is sent for it until an administrator clears `halted`. The halt
 * already recorded stays (its instant is when sending really stopped): then the answer is null.
 */
export async function haltCampaign(store: Store, halt: CampaignHalt): Promise<CampaignHalt | null> {
  return (await store.haltCampaign(halt.campaignId, { at: halt.at, code: halt.code, message: halt.message })) ? halt : null;
}
