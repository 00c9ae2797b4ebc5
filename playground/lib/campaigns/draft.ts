import { defaultRate } from '../../../core/schedule/throttle.js';
import type { CampaignRecord } from '../../../core/ports/store.js';
import { defaultSchedule, draftOf, type ScheduleDraft } from './schedule.js';

/** The Create/Edit form's fields as typed (numbers stay text until the server reads them). */
export interface CampaignDraft {
  name: string;
  description: string;
  sender: string;
  message: string;
  timeZone: string;
  /** Messages a minute. */
  throttle: string;
  dailyLimit: string;
  schedule: ScheduleDraft;
}

export function newCampaignDraft(): CampaignDraft {
  return {
    name: '',
    description: '',
    sender: '',
    message: 'Hi {{name|there}}, your order is ready for pickup. Reply STOP to opt out.',
    timeZone: 'America/New_York',
    throttle: String(Math.round((defaultRate.messages * 60) / defaultRate.perSeconds)),
    dailyLimit: '',
    schedule: defaultSchedule()
  };
}

export function draftOfCampaign(campaign: CampaignRecord, details: { description: string }): CampaignDraft {
  return {
    name: campaign.name,
    description: details.description,
    sender: campaign.sender ?? '',
    message: campaign.message,
    timeZone: campaign.timeZone,
    throttle: String(Math.round((campaign.rate.messages * 60) / campaign.rate.perSeconds)),
    dailyLimit: campaign.dailyLimit === null ? '' : String(campaign.dailyLimit),
    schedule: draftOf(campaign.hours)
  };
}
