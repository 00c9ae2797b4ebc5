import type { CampaignRecord, Store } from '../ports/store.js';
import type { Scenario } from '../scenario/scenario.js';

/**
 * Writes a scenario's campaign and lists into a store under `campaignId`. Stop actions are not
 * written: they are things an administrator does at their instant, and whoever plays the
 * scenario (the simulator) does them then.
 */
export async function storeScenario(store: Store, scenario: Scenario, campaignId: string): Promise<CampaignRecord> {
  const { campaign } = scenario;
  const record: CampaignRecord = {
    id: campaignId,
    name: campaign.name,
    timeZone: campaign.timeZone,
    hours: campaign.hours,
    rate: campaign.rate,
    dailyLimit: campaign.dailyLimit,
    message: campaign.message,
    sender: null,
    halted: null
  };
  await store.saveCampaign(record);
  for (const list of scenario.lists) {
    await store.addList(
      {
        id: list.id,
        campaignId,
        fileName: list.fileName,
        createdAt: list.createdAt,
        startAfter: list.startAfter,
        endBefore: list.endBefore,
        stoppedAt: null
      },
      list.recipients
    );
  }
  return record;
}
