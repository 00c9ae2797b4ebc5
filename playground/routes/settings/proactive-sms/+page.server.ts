import { fail, redirect } from '@sveltejs/kit';
import { campaignSummary } from '$lib/server/campaign-views.js';
import { requireAdmin } from '$lib/server/guard.js';
import { services } from '$lib/server/services.js';
import type { Actions, PageServerLoad } from './$types.js';

export const load: PageServerLoad = async (event) => {
  requireAdmin(event);
  const { store, details, clock } = await services();
  const nowMs = clock.nowMs();
  const campaigns = await store.campaigns();
  return { campaigns: await Promise.all(campaigns.map(async (campaign) => campaignSummary(store, campaign, await details.get(campaign.id), nowMs))) };
};

export const actions: Actions = {
  delete: async (event) => {
    requireAdmin(event);
    const form = await event.request.formData();
    const id = String(form.get('campaignId') ?? '');
    const { store, details } = await services();
    if ((await store.campaign(id)) === null) return fail(400, { issues: { campaignId: 'That campaign no longer exists.' } });
    await store.deleteCampaign(id);
    await details.delete(id);
    redirect(303, '/settings/proactive-sms');
  }
};
