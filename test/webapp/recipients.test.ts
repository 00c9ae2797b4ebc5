import { beforeEach, describe, expect, it } from 'vitest';
import { Temporal } from 'temporal-polyfill';
import type { ListRow } from '../../playground/lib/campaigns/list-row.js';
import type { Services } from '../../playground/lib/server/services.js';
import * as recipientsPage from '../../playground/routes/settings/proactive-sms/[campaign]/recipients/+page.server.js';
import * as events from '../../playground/routes/settings/proactive-sms/[campaign]/recipients/events/+server.js';
import * as addPage from '../../playground/routes/settings/proactive-sms/[campaign]/recipients/new/+page.server.js';
import { admin, agent, fieldIssues, form, freshServices, outcome, requestEvent, standingClock, type User } from './harness.js';

// Edit Recipients and Add Recipients: a CSV checked again on the server, dates read in the
// campaign's zone, the lists by status with their progress, Stop Outreach, and the live stream.

const clock = standingClock('2026-12-14T14:00:00Z'); // Monday 09:00 in New York
let services: Services;
const campaignId = 'campaign-1';
const params = { campaign: campaignId };
const csv = (text: string, name = 'december.csv') => new File([text], name, { type: 'text/csv' });
const threePeople = 'name,phone,timezone\nAda,+12125550101,America/New_York\nBo,+13125550102,America/Chicago\nCy,+14155550103,America/Los_Angeles\n';

beforeEach(async () => {
  clock.set('2026-12-14T14:00:00Z');
  services = await freshServices(clock);
  const hours = { mon: [['09:00', '17:00']], tue: [['09:00', '17:00']], wed: [['09:00', '17:00']], thu: [['09:00', '17:00']], fri: [['09:00', '17:00']], sat: [], sun: [] } as const;
  await services.store.saveCampaign({ id: campaignId, name: 'December', timeZone: 'America/New_York', hours, rate: { messages: 8, perSeconds: 60 }, dailyLimit: null, message: 'Hi {{name}}', sender: null, halted: null });
});

const add = (fields: Record<string, string | File>, user: User = admin) =>
  outcome(() => addPage.actions.save!(requestEvent({ path: `/settings/proactive-sms/${campaignId}/recipients/new?/save`, user, params, form: form(fields) })));
const rows = async () => ((await recipientsPage.load(requestEvent({ path: `/settings/proactive-sms/${campaignId}/recipients`, user: admin, params }))) as { rows: ListRow[] }).rows;

describe('Add Recipients', () => {
  it('stores the list with its file name, its recipients in file order and the dates read in the campaign zone', async () => {
    const result = await add({ file: csv(threePeople), startAfter: '2026-12-15T09:00', endBefore: '2026-12-18T17:00' });
    expect(result).toEqual({ kind: 'redirect', status: 303, location: `/settings/proactive-sms/${campaignId}/recipients?tab=scheduled` });
    const [list] = await services.store.lists(campaignId);
    expect(list).toMatchObject({ fileName: 'december.csv', stoppedAt: null });
    expect(list!.startAfter.toString()).toBe('2026-12-15T14:00:00Z');
    expect(list!.endBefore!.toString()).toBe('2026-12-18T22:00:00Z');
    expect((await services.store.recipients(list!.id)).map((r) => [r.name, r.phone, r.timeZone])).toEqual([
      ['Ada', '+12125550101', 'America/New_York'],
      ['Bo', '+13125550102', 'America/Chicago'],
      ['Cy', '+14155550103', 'America/Los_Angeles']
    ]);
  });

  it('refuses a file core cannot use, whatever the browser said, next to the file field', async () => {
    const noPhone = await add({ file: csv('name,email\nAda,ada@example.com\n', 'contacts.csv'), startAfter: '2026-12-15T09:00' });
    expect(noPhone).toMatchObject({ kind: 'fail', status: 400 });
    expect(fieldIssues(noPhone).file).toMatch(/^contacts\.csv cannot be used: .*phone/i);
    const noneUsable = await add({ file: csv('name,phone\nAda,not a number\n', 'bad.csv'), startAfter: '2026-12-15T09:00' });
    expect(fieldIssues(noneUsable).file).toBe('bad.csv has no row that can be texted (1 invalid).');
    const missing = await add({ startAfter: '2026-12-15T09:00' });
    expect(fieldIssues(missing).file).toBe('Choose the CSV file of recipients.');
    expect(await services.store.lists(campaignId)).toEqual([]);
  });

  it('refuses a file whose columns the campaign message needs but lacks', async () => {
    await services.store.saveCampaign({ ...(await services.store.campaign(campaignId))!, message: 'Order {{orderId}} is ready' });
    const result = await add({ file: csv(threePeople), startAfter: '2026-12-15T09:00' });
    expect(fieldIssues(result).file).toMatch(/^The campaign’s message does not fit december\.csv: .*orderId/);
  });

  it('answers an end before the start, and malformed dates, next to their fields', async () => {
    const backwards = await add({ file: csv(threePeople), startAfter: '2026-12-15T09:00', endBefore: '2026-12-15T08:00' });
    expect(fieldIssues(backwards)).toEqual({ endBefore: 'The end must come after the start.' });
    const malformed = await add({ file: csv(threePeople), startAfter: 'tomorrow', endBefore: '2026-13-45T99:00' });
    expect(fieldIssues(malformed)).toEqual({
      startAfter: '“tomorrow” is not a date and time such as 2026-12-14T09:00.',
      endBefore: '“2026-13-45T99:00” is not a date and time such as 2026-12-18T17:00.'
    });
    expect(await services.store.lists(campaignId)).toEqual([]);
  });

  it('saves a start already past as now, and says so of an end already past too', async () => {
    clock.set('2026-12-14T15:20:30Z'); // 10:20:30 in New York
    const result = await add({ file: csv(threePeople), startAfter: '2026-12-14T09:00', endBefore: '2026-12-18T17:00' });
    // Started now, it is In Progress at once.
    expect(result).toEqual({ kind: 'redirect', status: 303, location: `/settings/proactive-sms/${campaignId}/recipients?tab=in_progress` });
    const [list] = await services.store.lists(campaignId);
    expect(list!.startAfter.toString()).toBe('2026-12-14T15:20:30Z');

    const endPast = await add({ file: csv(threePeople), startAfter: '2026-12-14T09:00', endBefore: '2026-12-14T10:00' });
    expect(fieldIssues(endPast)).toEqual({ endBefore: 'The end is already past: it must come after now.' });
    // The minute now falls in is not past until it is over: 10:20 is read as now too.
    await add({ file: csv(threePeople, 'later.csv'), startAfter: '2026-12-14T10:20' });
    expect((await services.store.lists(campaignId)).map((l) => [l.fileName, l.startAfter.toString()]).sort()).toEqual([
      ['december.csv', '2026-12-14T15:20:30Z'],
      ['later.csv', '2026-12-14T15:20:30Z']
    ]);
  });

  it('gives the page the other open lists with their own start, and where the throttle and daily limit stand', async () => {
    await add({ file: csv(threePeople), startAfter: '2026-12-14T09:00' });
    clock.set('2026-12-14T14:30:00Z');
    const data = (await addPage.load(requestEvent({ path: '/x', user: admin, params }))) as { open: { lists: { startAfter: string; zones: string[] }[]; sending: unknown } };
    expect(data.open.lists).toMatchObject([{ startAfter: '2026-12-14T14:00:00Z', zones: ['America/New_York', 'America/Chicago', 'America/Los_Angeles'] }]);
    // Nothing was attempted yet: the throttle and the daily limit are untouched.
    expect(data.open.sending).toEqual({ asOfMs: Date.parse('2026-12-14T14:30:00Z'), lastAttemptMs: null, counted: [] });
  });

  it('refuses an Agent and sends a visitor to sign in', async () => {
    expect(await add({ file: csv(threePeople), startAfter: '2026-12-15T09:00' }, agent)).toMatchObject({ kind: 'error', status: 403 });
    expect(await add({ file: csv(threePeople), startAfter: '2026-12-15T09:00' }, null)).toMatchObject({ kind: 'redirect', status: 303 });
    expect(await outcome(() => addPage.load(requestEvent({ path: '/x', user: agent, params })))).toMatchObject({ kind: 'error', status: 403 });
    expect(await services.store.lists(campaignId)).toEqual([]);
  });
});

describe('Edit Recipients', () => {
  it('shows a list Scheduled, then In Progress with its progress as sends land, then Completed', async () => {
    await add({ file: csv(threePeople), startAfter: '2026-12-14T10:00' });
    const [list] = await services.store.lists(campaignId);
    expect(await rows()).toMatchObject([{ fileName: 'december.csv', status: 'scheduled', sent: 0, total: 3 }]);
    expect((await rows())[0]!.projectedFinish).toBe('2026-12-14T17:00:00Z'); // 10:00 Ada, then Bo and Cy in their own 09:00

    clock.set('2026-12-14T15:05:00Z');
    await services.store.setRecipientState(list!.id, 0, 'sent');
    await services.store.setRecipientState(list!.id, 1, 'failed');
    expect(await rows()).toMatchObject([{ status: 'in_progress', sent: 1, failed: 1, remaining: 1, total: 3 }]);

    await services.store.setRecipientState(list!.id, 2, 'sent');
    expect(await rows()).toMatchObject([{ status: 'completed', completion: 'all_contacted', sent: 2, unreached: 0 }]);
  });

  it('says a list the end date cut short is completed with its unreached count', async () => {
    await add({ file: csv(threePeople), startAfter: '2026-12-14T09:00', endBefore: '2026-12-14T09:30' });
    clock.set('2026-12-14T15:00:00Z');
    expect(await rows()).toMatchObject([{ status: 'completed', completion: 'end_reached', unreached: 3 }]);
  });

  it('stops a list for good on Stop Outreach; an ended one cannot be stopped', async () => {
    await add({ file: csv(threePeople), startAfter: '2026-12-14T10:00' });
    const [list] = await services.store.lists(campaignId);
    const stop = (user: User) => outcome(() => recipientsPage.actions.stop!(requestEvent({ path: '/x?/stop', user, params, form: form({ listId: list!.id }) })));
    expect(await stop(agent)).toMatchObject({ kind: 'error', status: 403 });
    expect(await stop(admin)).toEqual({ kind: 'value', value: { stopped: 'december.csv' } });
    expect((await services.store.list(list!.id))!.stoppedAt).toEqual(Temporal.Instant.from('2026-12-14T14:00:00Z'));
    expect(await rows()).toMatchObject([{ status: 'stopped', unreached: 3 }]);
    expect(await stop(admin)).toMatchObject({ kind: 'fail', status: 400, data: { issues: { listId: 'december.csv has already ended; there is nothing to stop.' } } });
  });

  it('streams every list’s row as server-sent events, and again when one changes', async () => {
    await add({ file: csv(threePeople), startAfter: '2026-12-14T09:00' });
    const [list] = await services.store.lists(campaignId);
    const aborter = new AbortController();
    const event = requestEvent({ path: `/settings/proactive-sms/${campaignId}/recipients/events`, user: admin, params });
    const response = await events.GET({ ...(event as object), request: new Request('http://127.0.0.1/x', { signal: aborter.signal }) } as never);
    expect(response.headers.get('content-type')).toBe('text/event-stream');
    const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
    const first = (await reader.read()).value!;
    expect(first).toMatch(/^event: lists\ndata: /);
    expect(JSON.parse(first.split('data: ')[1]!)).toMatchObject([{ id: list!.id, status: 'in_progress', sent: 0 }]);
    await services.store.setRecipientState(list!.id, 0, 'sent');
    const second = (await reader.read()).value!;
    expect(JSON.parse(second.split('data: ')[1]!)).toMatchObject([{ id: list!.id, sent: 1 }]);
    aborter.abort();
    expect(await outcome(() => events.GET(requestEvent({ path: '/x', user: agent, params }) as never))).toMatchObject({ kind: 'error', status: 403 });
    expect(await outcome(() => events.GET(requestEvent({ path: '/x', user: null, params }) as never))).toMatchObject({ kind: 'redirect', status: 303 });
  });
});
