import { error, fail, redirect } from '@sveltejs/kit';
import { draftOfCampaign } from '$lib/campaigns/draft.js';
import { readCampaignForm } from '$lib/server/campaign-form.js';
import { requireAdmin } from '$lib/server/guard.js';
import { services } from '$lib/server/services.js';
import type { Actions, PageServerLoad } from './$types.js';

export const load: PageServerLoad = async (event) => {
  requireAdmin(event);
  const { store, details } = await services();
  const campaign = await store.campaign(event.params.campaign);
  if (campaign === null) error(404, 'No such campaign.');
  return { id: campaign.id, draft: draftOfCampaign(campaign, details.get(campaign.id)), halted: campaign.halted?.message ?? null };
};

export const actions: Actions = {
  save: async (event) => {
    requireAdmin(event);
    const { store, details } = await services();
    const campaign = await store.campaign(event.params.campaign);
    if (campaign === null) error(404, 'No such campaign.');
    const read = readCampaignForm(await event.request.formData());
    if (!read.ok) return fail(400, { issues: read.issues });
    const { details: typed, ...settings } = read.value;
    // Saving changes the store's revision: a running worker re-plans from the new settings at once.
    await store.saveCampaign({ ...campaign, ...settings });
    details.set(campaign.id, typed);
    redirect(303, '/settings/proactive-sms');
  },

  /** After the administrator fixed what the provider refused (usually the sender): send again. */
  resume: async (event) => {
    requireAdmin(event);
    const { store } = await services();
    const campaign = await store.campaign(event.params.campaign);
    if (campaign === null) error(404, 'No such campaign.');
    if (campaign.halted !== null) await store.saveCampaign({ ...campaign, halted: null });
    redirect(303, `/settings/proactive-sms/${campaign.id}`);
  }
};
