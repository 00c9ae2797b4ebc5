import { Temporal } from 'temporal-polyfill';
import { describe, expect, it } from 'vitest';
import { plan, project, type Scenario } from '../../core/index.js';
import { createDraftProjector, projectDraft, recipientsOfZones, type CampaignDraft, type DraftProjection, type ListDraft } from '../../playground/lib/projection/draft-projection.js';
import { sampleCurve } from '../../playground/lib/projection/curve.js';
import { buildScenario, weekdays } from '../support/build-scenario.js';

// The projection beside the Add Recipients form: the draft list among the campaign's other
// lists, checked against core's own `project` and `plan` of the same campaign.

/** The campaign and lists of a scenario, as the form would hand them over: the last list is the draft. */
function draftOf(scenario: Scenario): { campaign: CampaignDraft; others: ListDraft[]; draft: ListDraft } {
  const { timeZone, hours, rate, dailyLimit } = scenario.campaign;
  const lists = scenario.lists.map((list) => ({ ...list }));
  return { campaign: { timeZone, hours, rate, dailyLimit }, others: lists.slice(0, -1), draft: lists.at(-1)! };
}

function projected(input: Parameters<typeof projectDraft>[0]): DraftProjection {
  const result = projectDraft(input);
  if (!result.ok) throw new Error(result.issues.join('; '));
  return result;
}

const nyc = (n: number) => Array<string | null>(n).fill(null);
const zones = ['America/New_York', 'America/Chicago', 'America/Los_Angeles'];

// Two lists share one an hour, Mon–Fri 09:00–17:00 in each recipient's zone, ten a day at most:
// the earlier list (12 in New York) goes first, the draft (30 in New York, Chicago and Los
// Angeles) takes the hours it leaves, and must end Wednesday 17:00 New York time.
const shared = buildScenario({
  hours: weekdays('09:00', '17:00'),
  dailyLimit: 10,
  lists: [
    { id: 'running', startAfter: '2026-12-07T14:00:00Z', zones: nyc(12) },
    {
      id: 'draft',
      startAfter: '2026-12-07T14:00:00Z',
      createdAt: '2026-01-02T00:00:00Z',
      endBefore: '2026-12-09T22:00:00Z',
      zones: Array.from({ length: 30 }, (_, row) => zones[row % zones.length]!)
    }
  ]
});

describe('the draft list projected among the campaign’s other lists', () => {
  const result = projected(draftOf(shared));
  const fromCore = project(shared).lists.find((list) => list.id === 'draft')!;

  it('counts what core’s project counts for the draft, sharing throttle and daily limit', () => {
    expect(fromCore).toMatchObject({ completion: 'end_reached' });
    expect(result).toMatchObject({ listId: 'draft', total: 30, sentByEnd: fromCore.sent, advice: { unreached: fromCore.unreached } });
    expect(result.summary.verdict).toBe('too_soon');
    expect(result.summary.sentence).toContain(`, shared with 1 other list, 30 recipients finish `);
    expect(result.summary.sentence).toContain(`is too soon: ${fromCore.unreached} recipients`);
  });

  it('draws the draft’s cumulative sends exactly as plan makes them, past the end date too', () => {
    const withoutEnd: Scenario = { ...shared, lists: shared.lists.map((list) => ({ ...list, endBefore: null })) };
    const sends = [...plan(withoutEnd)].filter((send) => send.list === 'draft').map((send) => send.atMs);
    // Each point counts plan's sends by its instant: all before it, and at most those at it.
    for (const point of result.curve) {
      expect(point.sent).toBeGreaterThanOrEqual(sends.filter((atMs) => atMs < point.atMs).length);
      expect(point.sent).toBeLessThanOrEqual(sends.filter((atMs) => atMs <= point.atMs).length);
    }
    expect(result.curve[0]).toEqual({ atMs: Date.parse('2026-12-07T14:00:00Z'), sent: 0 });
    expect(result.curve.at(-1)).toEqual({ atMs: sends.at(-1), sent: 30 });
    expect(result.summary.finishMs).toBe(Math.ceil(sends.at(-1)! / 60_000) * 60_000);
  });

  it('splits each day’s sends into the draft’s before and past its end, and the other lists’', () => {
    const days = result.days;
    expect(days.reduce((sum, day) => sum + day.list, 0)).toBe(fromCore.sent);
    expect(days.reduce((sum, day) => sum + day.pastEnd, 0)).toBe(fromCore.unreached);
    expect(days.reduce((sum, day) => sum + day.others, 0)).toBe(12);
    // Ten a day for both lists together, by the campaign's local date.
    for (const day of days) expect(day.list + day.pastEnd + day.others).toBeLessThanOrEqual(10);
    // Monday: New York's 09:00–16:00 go to the earlier list, then Chicago's last two hours to the draft.
    expect(days[0]).toEqual({ date: '2026-12-07', list: 2, pastEnd: 0, others: 8 });
    // The end at 17:00 New York time cuts Wednesday: Los Angeles is open three hours more.
    expect(days.filter((day) => day.date < '2026-12-09').every((day) => day.pastEnd === 0)).toBe(true);
    const wednesday = days.find((day) => day.date === '2026-12-09')!;
    expect(wednesday.list).toBeGreaterThan(0);
    expect(wednesday.pastEnd).toBeGreaterThan(0);
  });

  it('answers the same for the same input, and follows a faster throttle', () => {
    const input = draftOf(shared);
    expect(projected(input).summary).toEqual(result.summary);
    // A stored campaign's other fields (name, message…) are left alone.
    expect(projected({ ...input, campaign: { ...shared.campaign, message: 'Hi {{nobody}}' } as CampaignDraft }).summary).toEqual(result.summary);
    const faster = projected({ ...input, campaign: { ...input.campaign, rate: { messages: 10, perSeconds: 3600 }, dailyLimit: null } });
    expect(faster.summary.verdict).toBe('fits');
    expect(faster.sentByEnd).toBe(30);
  });

  it('needs only each recipient’s zone', () => {
    const input = draftOf(shared);
    const zones = input.draft.recipients.map((r) => r.timeZone);
    const zonesOnly = projected({ ...input, draft: { ...input.draft, recipients: recipientsOfZones(zones) } });
    expect({ ...zonesOnly, scenario: null }).toEqual({ ...result, scenario: null });
    expect(recipientsOfZones(zones)).toBe(recipientsOfZones(zones));
  });

  it('answers as projectDraft does through a panel’s projector, which remembers its last projection without the end', () => {
    const projector = createDraftProjector();
    const base = draftOf(shared);
    const at = (iso: string) => Temporal.Instant.from(iso);
    const steps = [
      base,
      { ...base, draft: { ...base.draft, endBefore: at('2026-12-10T22:00:00Z') } },
      { ...base, campaign: { ...base.campaign, rate: { messages: 2, perSeconds: 3600 } } },
      { ...base, campaign: { ...base.campaign, dailyLimit: 4 } },
      { ...base, others: [{ ...base.others[0]!, startAfter: at('2026-12-08T14:00:00Z') }] },
      { ...base, draft: { ...base.draft, recipients: base.draft.recipients.slice(0, 20) } },
      base
    ];
    for (const input of steps) expect(projector(input)).toEqual(projectDraft(input));
  });

  it('gives the draft an id of its own when another list has it', () => {
    const input = draftOf(shared);
    const clash = projected({ ...input, draft: { ...input.draft, id: 'running' } });
    expect(clash.listId).toBe('running-2');
    expect(clash.advice.unreached).toBe(result.advice.unreached);
  });

  it('names the field of a setting it cannot use, instead of projecting', () => {
    const input = draftOf(shared);
    expect(projectDraft({ ...input, campaign: { ...input.campaign, rate: { messages: 0, perSeconds: 60 } } })).toEqual({
      ok: false,
      issues: ['campaign.rate.messages: rate.messages must be a whole number of at least 1, got 0']
    });
    expect(projectDraft({ ...input, campaign: { ...input.campaign, timeZone: 'Mars/Olympus' } })).toMatchObject({ ok: false, issues: [expect.stringMatching(/^campaign\.timeZone: /)] });
    const endFirst = { ...input.draft, endBefore: Temporal.Instant.from('2026-12-07T13:00:00Z') };
    expect(projectDraft({ ...input, draft: endFirst })).toEqual({ ok: false, issues: ['endBefore: the end must be after the start'] });
  });
});

describe('the draft list beside a campaign already sending', () => {
  // Monday 09:30 in New York: the running list has had 6 of its 12 from 09:00, the last 10 seconds
  // ago; a day holds 10 sends. The page is given what is left of it and where the limit stands.
  const nowMs = Date.parse('2026-12-07T14:30:00Z');
  const sending = { asOfMs: nowMs, lastAttemptMs: nowMs - 10_000, counted: [{ date: '2026-12-07', sends: 6 }] };
  const input = draftOf(shared);
  const running = { ...input.others[0]!, recipients: input.others[0]!.recipients.slice(6) };
  const draft = { ...input.draft, startAfter: Temporal.Instant.fromEpochMilliseconds(nowMs) };

  it('gives the draft only the room the day has left, after the other list’s rest', () => {
    const resumed = projected({ ...input, others: [running], sending, draft });
    const fresh = projected({ ...input, others: [running], draft });
    // Fresh, Monday would still hold 10: the running list's 6 left, then 4 of the draft's.
    expect(fresh.days[0]).toEqual({ date: '2026-12-07', list: 4, pastEnd: 0, others: 6 });
    // Resumed, Monday's 10 are the 6 made and 4 more of the running list, from 10:29:50: none for
    // the draft, and the running list's last 2 take Tuesday's first hours.
    expect(resumed.days[0]).toEqual({ date: '2026-12-08', list: 8, pastEnd: 0, others: 2 });
    expect(resumed.sentByEnd).toBe(fresh.sentByEnd - 6);
    expect(resumed.advice.unreached).toBe(fresh.advice.unreached + 6);
    expect(resumed.summary.sentence).toContain(`is too soon: ${resumed.advice.unreached} recipients`);
  });
});

describe('the cumulative curve of a long list', () => {
  it('keeps at most the points asked for, ending on the last send', () => {
    const runs = Array.from({ length: 1000 }, (_, i) => ({ list: 'l', firstSendMs: i * 86_400_000, count: 3, gapMs: 1000, epochDay: i }));
    const curve = sampleCurve(runs, 'l', 0, 100);
    expect(curve.length).toBeLessThanOrEqual(101);
    expect(curve.at(-1)).toEqual({ atMs: 999 * 86_400_000 + 2000, sent: 3000 });
    expect(curve.every((point, i) => i === 0 || (point.atMs > curve[i - 1]!.atMs && point.sent > curve[i - 1]!.sent))).toBe(true);
  });
});
