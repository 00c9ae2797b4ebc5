import { describe, expect, it } from 'vitest';
import { Temporal } from 'temporal-polyfill';
import { buildReports } from '../../core/campaign/report.js';
import type { TimelineEvent } from '../../core/campaign/timeline.js';

const t0 = Temporal.Instant.from('2026-12-01T14:00:00Z');
const after = (hours: number) => t0.add({ minutes: Math.round(hours * 60) });
const ada = '+14155550100';
const bob = '+14155550101';

const outbound = (phone: string, listId = 'l1', at = t0): TimelineEvent => ({
  type: 'outbound', at, phone, campaignId: 'c1', campaignName: 'Dec', listId, listName: `${listId}.csv`, body: 'Hi', providerId: `SM-${phone}-${listId}`
});
const reply = (phone: string, hours: number, body = 'Thanks', listId: string | null = 'l1'): TimelineEvent => ({
  type: 'reply', at: after(hours), phone, body, campaignId: listId === null ? null : 'c1', listId
});

describe('Contacts and reports', () => {
  it('never counts the outbound campaign message as a Contact', () => {
    const { campaigns } = buildReports([outbound(ada), outbound(bob)]);
    expect(campaigns.get('c1')).toMatchObject({ outbound: 2, replies: 0, contacts: 0 });
  });

  it('counts a reply as a Contact', () => {
    const { lists } = buildReports([outbound(ada), reply(ada, 1)]);
    expect(lists.get('l1')).toMatchObject({ replies: 1, contacts: 1 });
  });

  it('makes two replies within 24 h one Contact, and a reply 24 h after the first a new one', () => {
    const { lists } = buildReports([outbound(ada), reply(ada, 1), reply(ada, 20), reply(ada, 25), reply(ada, 30)]);
    // 1 h opens a Contact; 20 h is within it; 25 h is 24 h after the first → a second Contact; 30 h joins it.
    expect(lists.get('l1')).toMatchObject({ replies: 4, contacts: 2 });
  });

  it("counts each customer's conversation apart", () => {
    const { lists } = buildReports([outbound(ada), outbound(bob), reply(ada, 1), reply(bob, 2), reply(ada, 3)]);
    expect(lists.get('l1')).toMatchObject({ replies: 3, contacts: 2 });
  });

  it('counts opt-outs, not as replies, and ignores messages from phones no campaign texted', () => {
    const optOut: TimelineEvent = { type: 'opt_out', at: after(1), phone: ada, body: 'STOP', campaignId: 'c1', listId: 'l1' };
    const { campaigns } = buildReports([outbound(ada), optOut, reply(bob, 2, 'who is this?', null)]);
    expect(campaigns.get('c1')).toMatchObject({ outbound: 1, replies: 0, contacts: 0, optOuts: 1 });
  });

  it('counts delivered and failed from the final status, and refusals as failed', () => {
    const status = (providerId: string, status: 'sent' | 'delivered' | 'undelivered'): TimelineEvent => ({
      type: 'status', at: after(0.1), phone: ada, campaignId: 'c1', listId: 'l1', providerId, status, errorCode: null
    });
    const refused: TimelineEvent = { type: 'refused', at: t0, phone: bob, campaignId: 'c1', listId: 'l1', reason: 'invalid_number', code: '21211' };
    const { lists } = buildReports([
      outbound(ada), status('SM1', 'sent'), status('SM1', 'delivered'), status('SM2', 'sent'), status('SM3', 'undelivered'), refused
    ]);
    expect(lists.get('l1')).toMatchObject({ delivered: 1, failed: 2 });
  });

  it('keeps lists and campaigns apart however their events interleave', () => {
    const elsewhere: TimelineEvent = { ...outbound(bob, 'l1'), campaignId: 'c2' };
    const { campaigns, lists } = buildReports([outbound(ada, 'l1'), outbound(bob, 'l2'), outbound(ada, 'l1'), elsewhere, outbound(bob, 'l2')]);
    expect([campaigns.get('c1')?.outbound, campaigns.get('c2')?.outbound]).toEqual([4, 1]);
    expect([lists.get('l1')?.outbound, lists.get('l2')?.outbound]).toEqual([3, 2]);
  });

  it('attributes a reply to the list it answers', () => {
    const { lists } = buildReports([outbound(ada, 'l1'), outbound(bob, 'l2'), reply(bob, 1, 'ok', 'l2')]);
    expect(lists.get('l1')).toMatchObject({ replies: 0, contacts: 0 });
    expect(lists.get('l2')).toMatchObject({ replies: 1, contacts: 1 });
  });
});
