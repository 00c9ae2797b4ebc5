import { describe, expect, it } from 'vitest';
import type { RecipientState, SendAttempt } from '../../core/ports/store.js';
import type { ChaosCampaign } from './campaigns.js';
import { checkOutcome, type ReceivedMessage } from './outcome.js';
import { takeOvers } from './take-overs.js';
import { campaignsHeld } from './worker-log.js';

// The chaos test's own judges, on runs made up by hand: each must see what it is there to see.

const campaign: ChaosCampaign = { id: 'a', listId: 'a-list', sender: 'MGa', perSecond: 10, gapMs: 100, dailyLimit: null, phones: ['+1', '+2', '+3'] };
const limited: ChaosCampaign = { ...campaign, id: 'b', listId: 'b-list', sender: '+1500', dailyLimit: 2, phones: ['+4', '+5', '+6'] };

const message = (sender: string, to: string, atMs: number): ReceivedMessage => ({ sender, to, atMs });
const attempt = (row: number, atMs: number): SendAttempt => ({
  id: `x${row}-${atMs}`,
  campaignId: 'a',
  listId: 'a-list',
  row,
  phone: `+${row + 1}`,
  body: 'hi',
  atMs,
  outcome: 'sent',
  providerId: null,
  deliveryStatus: null,
  code: null,
  retryAtMs: null
});
const end = (states: RecipientState[], attempts: SendAttempt[] = []) => ({ states, attempts });

describe("the chaos test's outcome check", () => {
  it('passes a run where everyone allowed was texted once, at the throttle', () => {
    const outcome = checkOutcome(
      [campaign, limited],
      [message('MGa', '+1', 0), message('MGa', '+2', 100), message('MGa', '+3', 200), message('+1500', '+4', 0), message('+1500', '+6', 500)],
      new Map([
        ['a', end(['sent', 'sent', 'sent'], [attempt(0, 0), attempt(1, 100), attempt(2, 200)])],
        ['b', end(['sent', 'pending', 'sent'])]
      ])
    );
    expect(outcome).toEqual({ texted: 5, duplicates: 0, lost: 0, problems: [] });
  });

  it('names a recipient texted twice, one never texted, a claim inside the gap, and a limit overrun', () => {
    const outcome = checkOutcome(
      [campaign, limited],
      [message('MGa', '+1', 0), message('MGa', '+1', 5), message('MGa', '+2', 100), message('+1500', '+4', 0), message('+1500', '+5', 1), message('+1500', '+6', 2)],
      new Map([
        ['a', end(['sent', 'sent', 'pending'], [attempt(1, 100), attempt(0, 0), attempt(2, 160)])],
        ['b', end(['sent', 'sent', 'sent'])]
      ])
    );
    expect(outcome.duplicates).toBe(1);
    expect(outcome.lost).toBe(1);
    expect(outcome.problems).toEqual([
      expect.stringMatching(/^campaign a: 1 recipient\(s\) texted more than once: row 0 \(\+1\) 2 times/),
      'campaign a: 1 recipient(s) lost: 2 texted of the 3 on its list; never texted: row 2 (+3, pending)',
      'campaign a: 1 claim(s) closer than its throttle gap of 100 ms: row 2 claimed 60 ms after row 1',
      'campaign b: 3 messages today, over its daily limit of 2'
    ]);
  });

  it('names a state the database holds against what the fake saw, and a message from no campaign', () => {
    const outcome = checkOutcome([campaign], [message('MGa', '+1', 0), message('MGa', '+2', 100), message('MGz', '+3', 200)], new Map([['a', end(['pending', 'sent', 'unknown'])]]));
    expect(outcome.problems).toEqual([
      'the fake received a message to +3 from MGz, which is no campaign\'s sender',
      "campaign a: 2 recipient(s) whose state in the database disagrees with the fake's log: row 0 (+1) texted but pending; row 2 (+3) not texted but unknown",
      'campaign a: 1 recipient(s) lost: 2 texted of the 3 on its list; never texted: row 2 (+3, unknown)'
    ]);
  });
});

describe('what a killed worker held, and who took it over', () => {
  const line = (fields: Record<string, unknown>) => JSON.stringify({ level: 30, time: 0, ...fields });

  it('reads per-campaign leases', () => {
    const lines = [
      line({ msg: 'worker starting', holder: 'h1' }),
      line({ msg: 'campaign taken', campaign: 'a', holder: 'h1' }),
      line({ msg: 'campaign taken', campaign: 'b', holder: 'h1' }),
      'not json',
      line({ msg: 'campaign given up', campaign: 'a', reason: 'rebalance' })
    ];
    expect([...campaignsHeld(lines, ['a', 'b', 'c'])]).toEqual(['b']);
  });

  it('reads the one lease of the older worker', () => {
    const taken = line({ msg: 'lease taken: sending', holder: 'h1' });
    expect([...campaignsHeld([taken], ['a', 'b'])]).toEqual(['a', 'b']);
    expect([...campaignsHeld([taken, line({ msg: 'lease lost: stopped sending, waiting to take it back' })], ['a', 'b'])]).toEqual([]);
  });

  it('measures each held campaign from the kill to its first later claim, and says whether that was a retry', () => {
    const claim = (row: number, atMs: number) => ({ row, atMs });
    const found = takeOvers(
      [
        { atMs: 1_000, slot: 0, held: ['a', 'b'] },
        { atMs: 5_000, slot: 1, held: ['c'] }
      ],
      new Map([
        ['a', [claim(0, 900), claim(1, 1_000), claim(3, 9_000), claim(2, 8_500)]],
        ['b', [claim(0, 500)]],
        ['c', [claim(0, 4_000), claim(0, 5_001)]]
      ])
    );
    expect(found).toEqual([
      { kill: 1, campaign: 'a', afterMs: 7_500, retry: false, otherDeaths: 1 },
      { kill: 2, campaign: 'c', afterMs: 1, retry: true, otherDeaths: 0 }
    ]);
  });

  it('leaves a take-over cut short by the next kill to that kill', () => {
    const kills = [
      { atMs: 1_000, slot: 0, held: ['a'] },
      { atMs: 11_000, slot: 1, held: ['a'] }
    ];
    expect(takeOvers(kills, new Map([['a', [{ row: 5, atMs: 21_000 }]]]))).toEqual([{ kill: 2, campaign: 'a', afterMs: 10_000, retry: false, otherDeaths: 0 }]);
  });
});
