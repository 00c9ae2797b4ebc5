import { beforeEach, describe, expect, it } from 'vitest';
import { weekdays } from '../../core/schedule/hours.js';
import * as campaignsPage from '../../playground/routes/settings/proactive-sms/+page.server.js';
import * as editPage from '../../playground/routes/settings/proactive-sms/[campaign]/+page.server.js';
import * as newPage from '../../playground/routes/settings/proactive-sms/new/+page.server.js';
import type { Services } from '../../playground/lib/server/services.js';
import { admin, agent, fieldIssues, form, freshServices, outcome, requestEvent, standingClock } from './harness.js';

// Settings › Proactive SMS: the campaign table, Create and Edit with their checks, and Delete.
// Every handler is the route's own, called as Kit calls it.

const clock = standingClock('2026-12-14T14:00:00Z');
let services: Services;

beforeEach(async () => {
  services = await freshServices(clock);
});

/** A Create/Edit form filled in as a person would: Mon–Fri 9–17, weekends closed. */
function campaignForm(overrides: Record<string, string | string[]> = {}) {
  const hours: Record<string, string | string[]> = {};
  for (const day of weekdays) {
    if (day === 'sat' || day === 'sun') hours[`${day}.closed`] = 'on';
    else {
      hours[`${day}.open`] = '09:00';
      hours[`${day}.close`] = '17:00';
    }
  }
  return form({
    name: 'December pickups',
    description: 'Orders ready in store',
    sender: '+1 (415) 555-0100',
    message: 'Hi {{name|there}}, your order is ready. Reply STOP to opt out.',
    timeZone: 'America/New_York',
    throttle: '8',
    dailyLimit: '',
    ...hours,
    ...overrides
  });
}

const create = (fields: FormData, user = admin) =>
  outcome(() => newPage.actions.save!(requestEvent({ path: '/settings/proactive-sms/new?/save', user, form: fields })));

describe('who may touch campaigns', () => {
  it('sends a visitor to sign in, and back here afterwards', async () => {
    for (const run of [
      () => campaignsPage.load(requestEvent({ path: '/settings/proactive-sms', user: null })),
      () => newPage.actions.save!(requestEvent({ path: '/settings/proactive-sms/new?/save', user: null, form: campaignForm() })),
      () => campaignsPage.actions.delete!(requestEvent({ path: '/settings/proactive-sms?/delete', user: null, form: form({ campaignId: 'x' }) }))
    ]) {
      const result = await outcome(run);
      expect(result).toMatchObject({ kind: 'redirect', status: 303 });
      expect((result as { location: string }).location).toMatch(/^\/sign-in\?next=%2Fsettings%2Fproactive-sms/);
    }
  });

  it('refuses an Agent with 403 on every load and action, and changes nothing', async () => {
    const runs = [
      () => campaignsPage.load(requestEvent({ path: '/settings/proactive-sms', user: agent })),
      () => newPage.load(requestEvent({ path: '/settings/proactive-sms/new', user: agent })),
      () => newPage.actions.save!(requestEvent({ path: '/settings/proactive-sms/new?/save', user: agent, form: campaignForm() })),
      () => editPage.load(requestEvent({ path: '/settings/proactive-sms/c', user: agent, params: { campaign: 'c' } })),
      () => editPage.actions.save!(requestEvent({ path: '/settings/proactive-sms/c?/save', user: agent, params: { campaign: 'c' }, form: campaignForm() })),
      () => campaignsPage.actions.delete!(requestEvent({ path: '/settings/proactive-sms?/delete', user: agent, form: form({ campaignId: 'c' }) }))
    ];
    for (const run of runs) expect(await outcome(run)).toMatchObject({ kind: 'error', status: 403 });
    expect(await services.store.campaigns()).toEqual([]);
  });
});

describe('Create', () => {
  it('saves the campaign with its schedule, 8 a minute, its sender in E.164 for the worker, and opens its recipients', async () => {
    const result = await create(campaignForm());
    expect(result).toMatchObject({ kind: 'redirect', status: 303 });
    const [campaign] = await services.store.campaigns();
    expect((result as { location: string }).location).toBe(`/settings/proactive-sms/${campaign!.id}/recipients`);
    expect(campaign).toMatchObject({
      name: 'December pickups',
      timeZone: 'America/New_York',
      rate: { messages: 8, perSeconds: 60 },
      dailyLimit: null,
      sender: '+14155550100',
      halted: null,
      hours: { mon: [['09:00', '17:00']], fri: [['09:00', '17:00']], sat: [], sun: [] }
    });
    // The store's copy is the only one: the worker reads it.
    expect(services.details.get(campaign!.id)).toEqual({ description: 'Orders ready in store' });
  });

  it('keeps a Messaging Service SID as typed, and no sender as null (the TWILIO_* default)', async () => {
    const service = 'MG' + '0123456789ABCDEF'.repeat(2);
    await create(campaignForm({ sender: ` ${service} ` }));
    await create(campaignForm({ name: 'No sender', sender: '' }));
    const senders = (await services.store.campaigns()).map((c) => [c.name, c.sender]).sort();
    expect(senders).toEqual([['December pickups', service], ['No sender', null]]);
  });

  it('refuses a SID that is not MG and 32 hex digits, next to the field', async () => {
    for (const sender of ['mg' + '0'.repeat(32), 'MG' + '0'.repeat(31), 'MG' + 'g'.repeat(32), 'PN' + '0'.repeat(32)]) {
      expect(fieldIssues(await create(campaignForm({ sender })))).toEqual({ sender: expect.stringMatching(/neither a Messaging Service SID .* nor a phone number/) });
    }
    expect(await services.store.campaigns()).toEqual([]);
  });

  it('answers each bad field next to it and saves nothing', async () => {
    const result = await create(
      campaignForm({ name: ' ', throttle: 'eight', dailyLimit: '0', timeZone: 'Mars/Olympus', sender: 'hello', 'mon.open': '9am', 'tue.open': '17:00', 'tue.close': '09:00' })
    );
    expect(result).toMatchObject({ kind: 'fail', status: 400 });
    const issues = fieldIssues(result);
    expect(issues.name).toBe('Give the campaign a name.');
    expect(issues.throttle).toBe('The throttle must be a whole number of messages a minute, from 1 to 6,000.');
    expect(issues.dailyLimit).toBe('The daily limit must be at least 1, or empty for none.');
    expect(issues.timeZone).toMatch(/^Time zone: .*Mars\/Olympus/);
    expect(issues.sender).toMatch(/neither a Messaging Service SID .* nor a phone number/);
    expect(issues['hours.mon']).toBe('Monday: “9am” is not a time such as 09:00; or tick Closed.');
    expect(await services.store.campaigns()).toEqual([]);
  });

  it('names a window that closes before it opens, and a week with no hours', async () => {
    const backwards = await create(campaignForm({ 'tue.open': '17:00', 'tue.close': '09:00' }));
    expect(fieldIssues(backwards)).toEqual({ 'hours.tue': 'Tuesday: close 09:00 must be after open 17:00.' });
    const closed = Object.fromEntries(weekdays.map((day) => [`${day}.closed`, 'on']));
    const none = await create(campaignForm(closed));
    expect(fieldIssues(none)).toEqual({ hours: 'Sending hours: no open window in the whole week; give at least one day hours.' });
  });

  it('reads a window closing at 00:00 as running to midnight, and several windows a day', async () => {
    await create(campaignForm({ 'sat.closed': [], 'sat.open': ['10:00', '18:00'], 'sat.close': ['12:00', '00:00'] }));
    const [campaign] = await services.store.campaigns();
    expect(campaign!.hours.sat).toEqual([['10:00', '12:00'], ['18:00', '24:00']]);
  });
});

describe('Edit and Delete', () => {
  it('saves a running campaign’s new throttle and hours at once, changing the store’s revision', async () => {
    await create(campaignForm());
    const [campaign] = await services.store.campaigns();
    const before = await services.store.revision();
    const params = { campaign: campaign!.id };
    const loaded = (await editPage.load(requestEvent({ path: `/settings/proactive-sms/${campaign!.id}`, user: admin, params }))) as { draft: { throttle: string; sender: string } };
    expect(loaded.draft).toMatchObject({ throttle: '8', sender: '+14155550100' });
    const result = await outcome(() => editPage.actions.save!(requestEvent({ path: '/x?/save', user: admin, params, form: campaignForm({ throttle: '12', 'mon.close': '18:00' }) })));
    expect(result).toMatchObject({ kind: 'redirect', location: '/settings/proactive-sms' });
    expect(await services.store.campaign(campaign!.id)).toMatchObject({ id: campaign!.id, rate: { messages: 12, perSeconds: 60 }, hours: { mon: [['09:00', '18:00']] } });
    expect(await services.store.revision()).toBeGreaterThan(before);
  });

  it('changes the sender the worker reads, and clears it back to the default', async () => {
    await create(campaignForm());
    const [campaign] = await services.store.campaigns();
    const params = { campaign: campaign!.id };
    const save = (sender: string) => outcome(() => editPage.actions.save!(requestEvent({ path: '/x?/save', user: admin, params, form: campaignForm({ sender }) })));
    const service = 'MG' + 'fedcba9876543210'.repeat(2);
    await save(service);
    expect((await services.store.campaign(campaign!.id))?.sender).toBe(service);
    const loaded = (await editPage.load(requestEvent({ path: `/settings/proactive-sms/${campaign!.id}`, user: admin, params }))) as { draft: { sender: string } };
    expect(loaded.draft.sender).toBe(service);
    await save('');
    expect((await services.store.campaign(campaign!.id))?.sender).toBeNull();
  });

  it('resumes a campaign the provider halted, keeping its settings; only an Administrator may', async () => {
    await create(campaignForm());
    const [campaign] = await services.store.campaigns();
    const params = { campaign: campaign!.id };
    await services.store.haltCampaign(campaign!.id, { at: clock.now(), code: '21606', message: 'the provider refused the campaign’s sender' });
    const loaded = (await editPage.load(requestEvent({ path: `/settings/proactive-sms/${campaign!.id}`, user: admin, params }))) as { halted: string | null };
    expect(loaded.halted).toBe('the provider refused the campaign’s sender');
    const resume = (user: typeof admin) => outcome(() => editPage.actions.resume!(requestEvent({ path: '/x?/resume', user, params, form: form({}) })));
    expect(await resume(agent)).toMatchObject({ kind: 'error', status: 403 });
    expect((await services.store.campaign(campaign!.id))?.halted).not.toBeNull();
    expect(await resume(admin)).toMatchObject({ kind: 'redirect', location: `/settings/proactive-sms/${campaign!.id}` });
    expect(await services.store.campaign(campaign!.id)).toEqual({ ...campaign, halted: null });
  });

  it('deletes a campaign with its lists; an unknown one is answered, not thrown', async () => {
    await create(campaignForm());
    const [campaign] = await services.store.campaigns();
    const deleted = await outcome(() => campaignsPage.actions.delete!(requestEvent({ path: '/settings/proactive-sms?/delete', user: admin, form: form({ campaignId: campaign!.id }) })));
    expect(deleted).toMatchObject({ kind: 'redirect' });
    expect(await services.store.campaigns()).toEqual([]);
    const missing = await outcome(() => campaignsPage.actions.delete!(requestEvent({ path: '/settings/proactive-sms?/delete', user: admin, form: form({ campaignId: campaign!.id }) })));
    expect(missing).toMatchObject({ kind: 'fail', status: 400, data: { issues: { campaignId: 'That campaign no longer exists.' } } });
  });

  it('lists campaigns with their sender and overall progress', async () => {
    await create(campaignForm());
    const { campaigns } = (await campaignsPage.load(requestEvent({ path: '/settings/proactive-sms', user: admin }))) as { campaigns: { name: string; sender: string; sent: number; total: number; lists: number }[] };
    expect(campaigns).toMatchObject([{ name: 'December pickups', sender: '+14155550100', sent: 0, total: 0, lists: 0 }]);
  });
});
