import { error, fail } from '@sveltejs/kit';
import { isStoppable } from '$lib/campaigns/list-row.js';
import { listRows } from '$lib/server/campaign-views.js';
import { requireAdmin } from '$lib/server/guard.js';
import { services } from '$lib/server/services.js';
import type { Actions, PageServerLoad } from './$types.js';

export const load: PageServerLoad = async (event) => {
  requireAdmin(event);
  const { store, clock } = await services();
  const campaign = await store.campaign(event.params.campaign);
  if (campaign === null) error(404, 'No such campaign.');
  return { campaign: { id: campaign.id, name: campaign.name, timeZone: campaign.timeZone }, rows: await listRows(store, campaign, clock.nowMs()) };
};

export const actions: Actions = {
  stop: async (event) => {
    requireAdmin(event);
    const { store, clock } = await services();
    const campaign = await store.campaign(event.params.campaign);
    if (campaign === null) error(404, 'No such campaign.');
    const listId = String((await event.request.formData()).get('listId') ?? '');
    const row = (await listRows(store, campaign, clock.nowMs())).find((candidate) => candidate.id === listId);
    if (row === undefined) return fail(400, { issues: { listId: 'That list is not part of this campaign.' } });
    if (!isStoppable(row)) return fail(400, { issues: { listId: `${row.fileName} has already ended; there is nothing to stop.` } });
    await store.stopList(listId, clock.now());
    return { stopped: row.fileName };
  }
};
