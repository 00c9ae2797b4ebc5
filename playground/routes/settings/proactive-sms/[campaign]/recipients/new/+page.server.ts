import { error, fail, redirect } from '@sveltejs/kit';
import { localOfInstant } from '$lib/format/time.js';
import { openListsFromNow } from '$lib/server/campaign-views.js';
import { requireAdmin } from '$lib/server/guard.js';
import { readListForm } from '$lib/server/list-form.js';
import { services } from '$lib/server/services.js';
import type { Actions, PageServerLoad } from './$types.js';

export const load: PageServerLoad = async (event) => {
  requireAdmin(event);
  const { store, clock } = await services();
  const campaign = await store.campaign(event.params.campaign);
  if (campaign === null) error(404, 'No such campaign.');
  const nowMs = clock.nowMs();
  // The next whole quarter hour: a start a person would pick.
  const start = clock.now().add({ milliseconds: 900_000 - (nowMs % 900_000) });
  return {
    campaign: { id: campaign.id, name: campaign.name, timeZone: campaign.timeZone, hours: campaign.hours, rate: campaign.rate, dailyLimit: campaign.dailyLimit, message: campaign.message },
    defaultStart: localOfInstant(start, campaign.timeZone),
    now: clock.now().toString(),
    // The other lists still pending, and where the campaign's throttle and daily limit stand.
    open: await openListsFromNow(store, campaign, nowMs)
  };
};

export const actions: Actions = {
  save: async (event) => {
    requireAdmin(event);
    const { store, clock, newId } = await services();
    const campaign = await store.campaign(event.params.campaign);
    if (campaign === null) error(404, 'No such campaign.');
    const now = clock.now();
    const read = await readListForm(await event.request.formData(), campaign, now.epochMilliseconds);
    if (!read.ok) return fail(400, { issues: read.issues });
    const { fileName, startAfter, endBefore, recipients } = read.value;
    await store.addList({ id: newId('list'), campaignId: campaign.id, fileName, createdAt: now, startAfter, endBefore, stoppedAt: null }, recipients);
    const tab = startAfter.epochMilliseconds > now.epochMilliseconds ? 'scheduled' : 'in_progress';
    redirect(303, `/settings/proactive-sms/${campaign.id}/recipients?tab=${tab}`);
  }
};
