import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Temporal } from 'temporal-polyfill';
import { seededRandom } from '../../core/ports/random.js';
import type { RecipientState, Store } from '../../core/ports/store.js';
import { gapMs } from '../../core/schedule/throttle.js';
import { createSqliteStore, openSqliteDatabase } from '../../adapters/sqlite/index.js';
import { startFakeTwilio, type FakeMessage, type FakeTwilio } from '../fakes/twilio-server.js';
import { runCli } from '../support/cli.js';
import { fakeTwilioEnv, logMessage, spawnWorker, type WorkerProcess } from '../support/worker-process.js';
import { accountSid, authToken } from '../twilio/support.js';
import { campaignJsonNow } from '../worker/campaign.js';

export interface CrashOptions {
  seed: number;
  recipients: number;
  kills: number;
  perSecond: number;
  /** The fake Twilio's port on 127.0.0.1. */
  port: number;
}

type Gap = 'claim' | 'accept';

/** What the crash test saw; `problems` is empty when every promise held. */
export interface CrashReport {
  seed: number;
  recipients: number;
  dailyLimit: number;
  kills: number;
  /** Where the kills landed, read from the database and the fake after each one. */
  landed: Record<Gap | 'elsewhere', number>;
  /** Kills aimed at a gap with the test-only pause hook (the rest came at random instants). */
  aimed: Record<Gap, number>;
  texted: number;
  pending: number;
  duplicates: number;
  lost: number;
  unknown: number;
  finalExitCode: number | null;
  problems: string[];
}

const campaignId = 'crash';
const listId = 'now';

/**
 * Starts `proactive-sms worker` against the fake Twilio, SIGKILLs it again and again (at the
 * instants the test-only pause hook holds it in one of the send protocol's two gaps, and at random
 * instants), restarts it each time, lets a last one run until the daily limit is reached and stops
 * it with SIGTERM, then checks the fake's own log and the database against each other.
 *
 * The daily limit leaves `kills` recipients for tomorrow: a send a kill interrupted before the
 * provider took it goes back to pending with a backoff of a minute or so, and the run need not wait
 * for those retries to reach the limit.
 */
export async function runCrashTest(options: CrashOptions): Promise<CrashReport> {
  const { seed, recipients, kills, perSecond } = options;
  const random = seededRandom(seed);
  const dailyLimit = recipients - kills;
  const gap = gapMs({ messages: perSecond, perSeconds: 1 });
  const dir = mkdtempSync(join(tmpdir(), 'proactive-sms-crash-'));
  const dbPath = join(dir, 'crash.db');
  const report: CrashReport = {
    seed,
    recipients,
    dailyLimit,
    kills: 0,
    landed: { claim: 0, accept: 0, elsewhere: 0 },
    aimed: { claim: 0, accept: 0 },
    texted: 0,
    pending: 0,
    duplicates: 0,
    lost: 0,
    unknown: 0,
    finalExitCode: null,
    problems: []
  };
  const problem = (text: string) => report.problems.push(text);
  let fake: FakeTwilio | null = null;
  let running: WorkerProcess | null = null;
  try {
    const scenarioPath = join(dir, 'scenario.json');
    writeFileSync(scenarioPath, JSON.stringify(campaignJsonNow({ recipients, perSecond, dailyLimit, listId })));
    const imported = await runCli(['import', scenarioPath, '--db', dbPath, '--campaign', campaignId]);
    if (imported.code !== 0) throw new Error(`seed=${seed}: import failed: ${imported.stderr}`);

    fake = await startFakeTwilio({ accountSid, authToken, now: () => Temporal.Now.instant(), port: options.port });
    // A one-second lease, so that a restarted worker need not wait ten for the killed one's to run out.
    const env = { ...fakeTwilioEnv(fake.baseUrl), PROACTIVE_SMS_TEST_LEASE_TTL_MS: '1000' };
    const args = ['--db', dbPath];
    // Random kills come within this long of a start: together they use up about half the recipients.
    const randomWindowMs = Math.max(100, Math.round((recipients * gap) / kills));

    for (const aim of killPlan(kills)) {
      const paused = aim === 'random' ? '' : `${aim}:${1 + Math.floor(random.next() * 3)}`;
      running = spawnWorker(args, { ...env, PROACTIVE_SMS_TEST_PAUSE: paused });
      if (aim === 'random') {
        await running.waitForLine(logMessage('campaign taken'), 30_000);
        await sleep(Math.floor(random.next() * randomWindowMs));
      } else {
        await running.waitForLine((line) => line.startsWith(`PROACTIVE_SMS_TEST_PAUSE ${aim} `), 30_000);
        report.aimed[aim] += 1;
      }
      running.child.kill('SIGKILL');
      await running.exited;
      running = null;
      report.kills += 1;
      const landed = await withStore(dbPath, (store) => gapOfKill(store, fake as FakeTwilio));
      report.landed[landed] += 1;
      if (aim !== 'random' && landed !== aim) problem(`kill ${report.kills}, aimed at the ${aim} gap, found the ${landed === 'elsewhere' ? 'send log with nothing unfinished' : `${landed} gap`}`);
    }

    // The last worker runs until the daily limit is reached, then is stopped as systemd would.
    running = spawnWorker(args, env);
    const endsMs = Date.now() + 180_000;
    while (fake.messages.length < dailyLimit && Date.now() < endsMs) await sleep(100);
    await sleep(300);
    running.child.kill('SIGTERM');
    const exit = await Promise.race([running.exited, sleep(20_000).then(() => null)]);
    report.finalExitCode = exit?.code ?? null;
    if (exit === null || exit.code !== 0) problem(`the last worker did not exit 0 within 20 s of SIGTERM (${JSON.stringify(exit)})`);
    running = null;

    await withStore(dbPath, (store) => checkOutcome(store, fake as FakeTwilio, report, gap, problem));
  } finally {
    if (running !== null) {
      running.child.kill('SIGKILL');
      await running.exited;
    }
    await fake?.close();
    rmSync(dir, { recursive: true, force: true });
  }
  return report;
}

/** The gaps first (a kill between claim and call sends its recipient into a minute's backoff), then random instants. */
function killPlan(kills: number): Array<Gap | 'random'> {
  const aimed = Math.ceil(kills / 3);
  return Array.from({ length: kills }, (_, k) => (k < aimed ? 'claim' : k < 2 * aimed ? 'accept' : 'random'));
}

/** Where the kill just made landed: an attempt left `sending` that the provider took (accept), did not take (claim), or none. */
async function gapOfKill(store: Store, fake: FakeTwilio): Promise<Gap | 'elsewhere'> {
  // The kill's own attempt is the latest: an earlier kill's may still be being reconciled (beside
  // sending, while its acceptance window runs).
  const unfinished = await store.unfinishedAttempts();
  const attempt = unfinished.reduce<(typeof unfinished)[number] | undefined>((latest, next) => (latest === undefined || next.atMs >= latest.atMs ? next : latest), undefined);
  if (attempt === undefined) return 'elsewhere';
  return takenFor(fake.messages, attempt) ? 'accept' : 'claim';
}

function takenFor(messages: readonly FakeMessage[], attempt: { phone: string; body: string; atMs: number }): boolean {
  // The fake dates messages to the millisecond; Twilio's whole seconds are what the adapter copes with.
  return messages.some((m) => m.to === attempt.phone && m.body === attempt.body && m.createdAt.epochMilliseconds >= attempt.atMs - 1_000);
}

async function checkOutcome(store: Store, fake: FakeTwilio, report: CrashReport, gap: number, problem: (text: string) => void): Promise<void> {
  const recipients = await store.recipients(listId);
  const states = await store.recipientStates(listId);
  const byPhone = new Map<string, number>();
  for (const message of fake.messages) byPhone.set(message.to, (byPhone.get(message.to) ?? 0) + 1);

  const count = (state: RecipientState) => states.filter((s) => s === state).length;
  report.texted = byPhone.size;
  report.pending = count('pending');
  report.unknown = count('unknown');
  report.duplicates = [...byPhone.values()].filter((n) => n > 1).length;
  const lostRows: number[] = [];
  for (const [row, recipient] of recipients.entries()) {
    const texted = byPhone.has(recipient.phone);
    const state = states[row];
    // Texted and recorded sent, or not texted and still to be texted: anything else is lost.
    if (texted ? state !== 'sent' : state !== 'pending') lostRows.push(row);
  }
  report.lost = lostRows.length;
  if (report.duplicates > 0) problem(`${report.duplicates} recipient(s) texted more than once`);
  if (lostRows.length > 0) {
    const examples = lostRows.slice(0, 5).map((row) => `row ${row} ${byPhone.has(recipients[row]?.phone ?? '') ? 'texted' : 'not texted'} but ${states[row]}`);
    problem(`${lostRows.length} recipient(s) whose state disagrees with the provider's log (texted but not sent: texted again later; not texted and not pending: never texted), e.g. ${examples.join('; ')}`);
  }
  // With a fake that always knows what it took, reconciliation can always say: no `unknown` is excusable.
  if (report.unknown > 0) problem(`${report.unknown} recipient(s) unknown although the provider has a record of every message`);
  if (fake.messages.length !== report.dailyLimit) problem(`${fake.messages.length} messages sent today, the daily limit is ${report.dailyLimit}`);
  if (report.texted + report.pending !== recipients.length) problem(`texted ${report.texted} + pending ${report.pending} ≠ ${recipients.length} recipients`);

  // The throttle across restarts, from the send log the worker plans from (every claim, kept
  // across kills) and, coarser, from the fake's own clock, which also sees network delays.
  const attempts = await store.attempts(campaignId);
  const tooClose = attempts.filter((attempt, i) => i > 0 && attempt.atMs - (attempts[i - 1]?.atMs ?? 0) < gap);
  if (tooClose.length > 0) problem(`${tooClose.length} attempt(s) began less than ${gap} ms after the one before`);
  const span = 10;
  const created = fake.messages.map((m) => m.createdAt.epochMilliseconds).sort((a, b) => a - b);
  const bursts = created.filter((ms, i) => i + span < created.length && (created[i + span] as number) - ms < span * gap - 100);
  if (bursts.length > 0) problem(`${bursts.length} time(s) the fake received ${span + 1} messages within ${span} gaps less 100 ms`);
}

async function withStore<T>(path: string, use: (store: Store) => Promise<T>): Promise<T> {
  const db = openSqliteDatabase(path);
  try {
    return await use(createSqliteStore(db));
  } finally {
    db.close();
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** One line for the test's output and for every failure message. */
export function reportLine(report: CrashReport): string {
  const { landed, aimed } = report;
  return (
    `seed=${report.seed} recipients=${report.recipients} daily limit=${report.dailyLimit} kills=${report.kills} ` +
    `(in the claim→call gap ${landed.claim}, in the accept→commit gap ${landed.accept}, elsewhere ${landed.elsewhere}; aimed by the hook: claim ${aimed.claim}, accept ${aimed.accept}) ` +
    `texted=${report.texted} pending=${report.pending} duplicates=${report.duplicates} lost=${report.lost} unknown=${report.unknown}`
  );
}
