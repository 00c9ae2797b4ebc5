import { describe, expect, it } from 'vitest';
import { Temporal } from 'temporal-polyfill';
import { atMsOf, OutboundLine, StatusLine } from '../../core/campaign/timeline-lines.js';
import { timelineEventJson, type TimelineEvent } from '../../core/campaign/timeline.js';

const at = Temporal.Instant.from('2026-12-01T14:00:07.5Z');
const ada = '+14155550100';

describe('timeline lines made from epoch ms', () => {
  it('read and print exactly as the events written with an Instant', () => {
    const outbound: TimelineEvent = { type: 'outbound', at, phone: ada, campaignId: 'c1', campaignName: 'Dec', listId: 'l1', listName: 'l1.csv', body: 'Hi', providerId: 'SM1' };
    const status: TimelineEvent = { type: 'status', at, phone: ada, campaignId: 'c1', listId: 'l1', providerId: 'SM1', status: 'delivered', errorCode: null };
    const ms = at.epochMilliseconds;
    expect(timelineEventJson(new OutboundLine(ms, ada, 'c1', 'Dec', 'l1', 'l1.csv', 'Hi', 'SM1'))).toEqual(timelineEventJson(outbound));
    expect(timelineEventJson(new StatusLine(ms, ada, 'c1', 'l1', 'SM1', 'delivered', null))).toEqual(timelineEventJson(status));
    expect(new StatusLine(ms, ada, 'c1', 'l1', 'SM1', 'delivered', null).at.equals(at)).toBe(true);
  });

  it('take the epoch ms an event carries, else its Instant', () => {
    expect(atMsOf({ at })).toBe(at.epochMilliseconds);
    expect(atMsOf(new OutboundLine(42, ada, 'c1', 'Dec', 'l1', 'l1.csv', 'Hi', 'SM1'))).toBe(42);
  });
});
