import { parseScenario } from '../../core/scenario/parse.js';
import type { Random } from '../../core/ports/random.js';
import type { Store } from '../../core/ports/store.js';
import { storeScenario } from '../../core/runtime/index.js';
import { gapMs } from '../../core/schedule/throttle.js';
import { campaignJsonNow } from '../worker/campaign.js';

/** One campaign of the chaos run: its own sender and its own phones, so that the fake's log tells campaigns apart. */
export interface ChaosCampaign {
  id: string;
  listId: string;
  /** A Messaging Service SID or a number: what the fake Twilio records each message as coming from. */
  sender: string;
  perSecond: number;
  gapMs: number;
  dailyLimit: number | null;
  /** E.164, row i at index i. */
  phones: string[];
}

export interface CampaignSizes {
  campaigns: number;
  /** Each campaign's throttle is drawn from this range of sends per second. */
  perSecond: [number, number];
  /** How long each campaign would send at its throttle with nothing in its way. */
  sendingSeconds: number;
  /** Every how many campaigns one has a daily limit (a tenth of its list is held back for tomorrow). */
  limitedEvery: number;
}

/** The campaigns, drawn from `random`: throttles, which are limited, which send from a number. */
export function chaosCampaigns(sizes: CampaignSizes, random: Random): ChaosCampaign[] {
  const [low, high] = sizes.perSecond;
  return Array.from({ length: sizes.campaigns }, (_, c) => {
    const perSecond = low + Math.floor(random.next() * (high - low + 1));
    const count = Math.round(perSecond * sizes.sendingSeconds);
    const limited = c % sizes.limitedEvery === sizes.limitedEvery - 1;
    return {
      id: `chaos-${c}`,
      listId: `chaos-${c}-list`,
      // Half from a Messaging Service, half from a number: the provider's two ways of naming a sender.
      sender: c % 2 === 0 ? `MG${(0xc0ffee00 + c).toString(16).padStart(32, '0')}` : `+1415555${String(1000 + c).padStart(4, '0')}`,
      perSecond,
      gapMs: gapMs({ messages: perSecond, perSeconds: 1 }),
      dailyLimit: limited ? Math.floor(count * 0.9) : null,
      phones: Array.from({ length: count }, (_, row) => `+1646${2_000_000 + c * 100_000 + row}`)
    };
  });
}

/** Stores each campaign as an administrator would: its scenario (list started a minute ago), then its sender. */
export async function storeChaosCampaigns(store: Store, campaigns: readonly ChaosCampaign[]): Promise<void> {
  for (const campaign of campaigns) {
    const json = campaignJsonNow({ recipients: 0, perSecond: campaign.perSecond, dailyLimit: campaign.dailyLimit, listId: campaign.listId });
    const [list] = json.lists;
    if (list === undefined) throw new Error('campaignJsonNow made no list');
    list.recipients = campaign.phones.map((phone, row) => ({ phone, name: `C${campaign.id} R${row}` }));
    const record = await storeScenario(store, parseScenario(json), campaign.id);
    await store.saveCampaign({ ...record, name: `Chaos ${campaign.id}`, sender: campaign.sender });
  }
}

/** The campaign a message of the fake's log belongs to, by its sender. */
export function campaignBySender(campaigns: readonly ChaosCampaign[]): Map<string, ChaosCampaign> {
  return new Map(campaigns.map((campaign) => [campaign.sender, campaign]));
}
