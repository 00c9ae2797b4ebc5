import type { RecipientState, SendAttempt } from '../../core/ports/store.js';
import type { ChaosCampaign } from './campaigns.js';

/** A message as the fake Twilio logged it: who it came from, to whom, when it arrived. */
export interface ReceivedMessage {
  sender: string | null;
  to: string;
  atMs: number;
}

/** What the database holds of one campaign at the end. */
export interface CampaignRecordAtEnd {
  states: RecipientState[];
  /** Its send log, in the order the attempts began. */
  attempts: SendAttempt[];
}

export interface Outcome {
  texted: number;
  duplicates: number;
  /** Recipients the rules allowed today that were never texted. */
  lost: number;
  problems: string[];
}

const examples = 5;

/**
 * The run's promises, checked against the fake's log and the database: each recipient texted at
 * most once and from its campaign's sender; every recipient the rules allowed texted (all of an
 * unlimited campaign, exactly the limit of a limited one — none of these campaigns crosses a local
 * midnight); the database agreeing with the fake; no two claims of a campaign closer than its gap.
 */
export function checkOutcome(campaigns: readonly ChaosCampaign[], messages: readonly ReceivedMessage[], atEnd: ReadonlyMap<string, CampaignRecordAtEnd>): Outcome {
  const problems: string[] = [];
  const bySender = new Map(campaigns.map((campaign) => [campaign.sender, campaign]));
  const received = new Map<string, ReceivedMessage[]>();
  for (const message of messages) {
    const campaign = message.sender === null ? undefined : bySender.get(message.sender);
    if (campaign === undefined) {
      problems.push(`the fake received a message to ${message.to} from ${message.sender ?? 'the default sender'}, which is no campaign's sender`);
      continue;
    }
    const key = `${campaign.id} ${message.to}`;
    received.set(key, [...(received.get(key) ?? []), message]);
  }

  let texted = 0;
  let duplicates = 0;
  let lost = 0;
  for (const campaign of campaigns) {
    const end = atEnd.get(campaign.id);
    if (end === undefined) {
      problems.push(`campaign ${campaign.id}: not found in the database`);
      continue;
    }
    const rows = new Set(campaign.phones);
    const strangers = [...received.keys()].filter((key) => key.startsWith(`${campaign.id} `) && !rows.has(key.slice(campaign.id.length + 1)));
    if (strangers.length > 0) problems.push(`campaign ${campaign.id}: its sender texted ${strangers.length} phone(s) not on its list, e.g. ${strangers.slice(0, examples).join(', ')}`);

    const twice: string[] = [];
    const disagreeing: string[] = [];
    let textedHere = 0;
    for (const [row, phone] of campaign.phones.entries()) {
      const got = received.get(`${campaign.id} ${phone}`) ?? [];
      const state = end.states[row];
      if (got.length > 0) textedHere += 1;
      if (got.length > 1) twice.push(`row ${row} (${phone}) ${got.length} times, at ${got.map((m) => new Date(m.atMs).toISOString()).join(', ')}`);
      // Texted and recorded sent, or not texted and still to be texted: anything else is a lie one way or the other.
      if (got.length > 0 ? state !== 'sent' : state !== 'pending') disagreeing.push(`row ${row} (${phone}) ${got.length > 0 ? 'texted' : 'not texted'} but ${state ?? 'missing'}`);
    }
    texted += textedHere;
    duplicates += twice.length;
    if (twice.length > 0) problems.push(`campaign ${campaign.id}: ${twice.length} recipient(s) texted more than once: ${twice.slice(0, examples).join('; ')}`);
    if (disagreeing.length > 0) problems.push(`campaign ${campaign.id}: ${disagreeing.length} recipient(s) whose state in the database disagrees with the fake's log: ${disagreeing.slice(0, examples).join('; ')}`);

    const allowed = Math.min(campaign.phones.length, campaign.dailyLimit ?? Number.POSITIVE_INFINITY);
    const sentToday = [...received.entries()].filter(([key]) => key.startsWith(`${campaign.id} `)).reduce((sum, [, got]) => sum + got.length, 0);
    if (textedHere < allowed) {
      lost += allowed - textedHere;
      const never = campaign.phones.flatMap((phone, row) => (received.has(`${campaign.id} ${phone}`) ? [] : [`row ${row} (${phone}, ${end.states[row]})`]));
      problems.push(
        `campaign ${campaign.id}: ${allowed - textedHere} recipient(s) lost: ${textedHere} texted of the ${allowed} ${campaign.dailyLimit === null ? 'on its list' : `its daily limit allows today`}; never texted: ${never.slice(0, examples).join(', ')}`
      );
    }
    if (campaign.dailyLimit !== null && sentToday > campaign.dailyLimit) problems.push(`campaign ${campaign.id}: ${sentToday} messages today, over its daily limit of ${campaign.dailyLimit}`);

    const claims = [...end.attempts].sort((a, b) => a.atMs - b.atMs);
    const close = claims.flatMap((attempt, i) => {
      const before = claims[i - 1];
      return before !== undefined && attempt.atMs - before.atMs < campaign.gapMs ? [`row ${attempt.row} claimed ${attempt.atMs - before.atMs} ms after row ${before.row}`] : [];
    });
    if (close.length > 0) problems.push(`campaign ${campaign.id}: ${close.length} claim(s) closer than its throttle gap of ${campaign.gapMs} ms: ${close.slice(0, examples).join('; ')}`);
  }
  return { texted, duplicates, lost, problems };
}
