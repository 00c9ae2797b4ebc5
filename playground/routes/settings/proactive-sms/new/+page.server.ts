import { fail, redirect } from '@sveltejs/kit';
import { readCampaignForm } from '$lib/server/campaign-form.js';
import { requireAdmin } from '$lib/server/guard.js';
import { services } from '$lib/server/services.js';
import type { Actions, PageServerLoad } from './$types.js';

export const load: PageServerLoad = (event) => {
  requireAdmin(event);
};

export const actions: Actions = {
  save: async (event) => {
    requireAdmin(event);
    const read = readCampaignForm(await event.request.formData());
    if (!read.ok) return fail(400, { issues: read.issues });
    const { store, details, newId } = await services();
    const { details: typed, ...settings } = read.value;
    const id = newId('campaign');
    await store.saveCampaign({ id, ...settings, halted: null });
    await details.set(id, typed);
    redirect(303, `/settings/proactive-sms/${id}/recipients`);
  }
};
