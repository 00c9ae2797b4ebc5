import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Temporal } from 'temporal-polyfill';
import { openPostgresStore, type OpenPostgresStore } from '../../adapters/postgres/open-store.js';
import { seededRandom, type Random } from '../../core/ports/random.js';
import type { Store } from '../../core/ports/store.js';
import { startFakeTwilio, type FakeTwilio } from '../fakes/twilio-server.js';
import { runCli } from '../support/cli.js';
import { startPostgresServer, type PostgresServer } from '../support/postgres-server.js';
import { fakeTwilioEnv, logMessage } from '../support/worker-process.js';
import { accountSid, authToken } from '../twilio/support.js';
import { chaosCampaigns, storeChaosCampaigns, type CampaignSizes, type ChaosCampaign } from './campaigns.js';
import { checkOutcome, type CampaignRecordAtEnd, type ReceivedMessage } from './outcome.js';
import { longest, takeOvers, type Kill, type TakeOver } from './take-overs.js';
import { describeEnd, startWorkerPool, type EndedWorker, type WorkerPool } from './worker-pool.js';
import { takes } from './worker-log.js';

/** The issue's promise: a dead worker's campaigns are taken over within 15 s. */
const takeOverWithinMs = 15_000;

export interface ChaosOptions {
  seed: number;
  workers: number;
  kills: number;
  /** The wait before each kill is drawn from this range, in ms. */
  killEveryMs: [number, number];
  campaigns: CampaignSizes;
  /** How long the campaigns may take to finish after the last kill. */
  finishWithinMs: number;
  /** Ports of 127.0.0.1 for the fake Twilio and the PostgreSQL server. */
  fakePort: number;
  postgresPort: number;
  /** A folder to write every worker's whole log into (`<n>-slot<slot>.log`, in the order they ended), to read after a failure. */
  logDir?: string;
  /** Told of each step as it happens (a kill, the restart), for the test's output. */
  onStep?: (text: string) => void;
}

export interface ServerRestart {
  stoppedAtMs: number;
  downMs: number;
  /** From the stop to the first message the fake received once the server was back (null: none came). */
  pauseMs: number | null;
}

export interface ChaosReport {
  seed: number;
  campaigns: number;
  recipients: number;
  kills: Kill[];
  /** `campaign taken` lines (or, from the older worker, `lease taken: sending`) in every worker's log. */
  takesLogged: number;
  takeOvers: TakeOver[];
  /** Workers started while the server was down that said so and exited 2 (then started again). */
  startRefusals: number;
  longestTakeOver: TakeOver | null;
  /** The longest among take-overs that no other worker's death came into. */
  longestSingleTakeOver: TakeOver | null;
  /** Take-overs over 15 s into which other workers' deaths came (not failures; see TakeOver.otherDeaths). */
  slowAfterOtherDeaths: TakeOver[];
  /** The PostgreSQL server's restart: how long it was down, and from its stop to the next message the fake received. */
  restart: ServerRestart | null;
  texted: number;
  duplicates: number;
  lost: number;
  durationMs: number;
  problems: string[];
}

/**
 * Three `proactive-sms worker` processes on one throwaway PostgreSQL server, sending ten campaigns
 * through the fake Twilio; one is SIGKILLed at a random instant again and again (which one, and
 * when, drawn from `seed`) and started again, and the server is restarted as abruptly as a crash
 * once, half-way through the kills, while messages flow. Once every campaign has sent all it may today, the workers are stopped
 * with SIGTERM and the fake's log and the database are checked against each other.
 */
export async function runChaosTest(options: ChaosOptions): Promise<ChaosReport> {
  const { seed } = options;
  const random = seededRandom(seed);
  const step = options.onStep ?? (() => {});
  const campaigns = chaosCampaigns(options.campaigns, random);
  const ids = campaigns.map((campaign) => campaign.id);
  const startedMs = Date.now();
  const report: ChaosReport = {
    seed,
    campaigns: campaigns.length,
    recipients: campaigns.reduce((sum, campaign) => sum + campaign.phones.length, 0),
    kills: [],
    takesLogged: 0,
    takeOvers: [],
    startRefusals: 0,
    longestTakeOver: null,
    longestSingleTakeOver: null,
    slowAfterOtherDeaths: [],
    restart: null,
    texted: 0,
    duplicates: 0,
    lost: 0,
    durationMs: 0,
    problems: []
  };
  const problem = (text: string) => report.problems.push(text);

  let server: PostgresServer | null = null;
  let opened: OpenPostgresStore | null = null;
  let fake: FakeTwilio | null = null;
  let pool: WorkerPool | null = null;
  try {
    server = await startPostgresServer({ port: options.postgresPort });
    const url = await server.createDatabase('chaos');
    opened = await openPostgresStore(url);
    await storeChaosCampaigns(opened.store, campaigns);
    fake = await startFakeTwilio({ accountSid, authToken, now: () => Temporal.Now.instant(), port: options.fakePort });
    pool = startWorkerPool(options.workers, ['--db', url], fakeTwilioEnv(fake.baseUrl));
    const started = await waitUntil(async () => (fake?.messages.length ?? 0) > 0 || (pool?.unexpected.length ?? 0) >= options.workers, 60_000);
    const died = pool.unexpected.at(-1);
    if (!started || (fake.messages.length === 0 && died !== undefined)) {
      throw new Error(`no message reached the fake Twilio after the workers started${died === undefined ? ' (within a minute)' : `; the last ${describeEnd(died)}`}`);
    }
    step(`seed=${seed}: ${campaigns.length} campaigns, ${report.recipients} recipients, ${options.workers} workers sending`);

    const restartAfter = Math.floor(options.kills / 2);
    for (let k = 1; k <= options.kills; k += 1) {
      const waitMs = between(options.killEveryMs, random);
      const draw = random.next();
      if (k === restartAfter + 1) report.restart = await restartWhileFlowing(server, pool, campaigns, fake, report.kills.at(-1), step);
      await sleep(waitMs);
      const slot = victim(pool, ids, draw);
      const { killedAtMs, held, ended } = await pool.killAndRestart(slot, ids);
      report.kills.push({ atMs: killedAtMs, slot, held });
      step(`kill ${k}: worker in slot ${slot} (${ended.holder ?? 'holder unknown'}) held ${held.length === 0 ? 'nothing' : held.join(', ')}; ${fake.messages.length} messages so far`);
    }

    const finished = await waitUntil(() => allSent(opened?.store as Store, campaigns, fake as FakeTwilio), options.finishWithinMs);
    if (!finished) problem(`the campaigns had not all sent what they may today ${options.finishWithinMs / 1000} s after the last kill`);
    // A moment for anything wrongly still under way (a second send of someone) to reach the fake.
    await sleep(1_000);
    const ends = await pool.stopAll(20_000);
    for (const [slot, end] of ends.entries()) {
      if (end === null) problem(`the worker in slot ${slot} did not exit within 20 s of SIGTERM`);
      else if (end.code !== 0) problem(`a worker stopped with SIGTERM did not exit 0: ${describeEnd(end)}`);
    }
    for (const end of pool.unexpected) {
      // Documented: a worker that cannot reach its database when it starts says so and exits 2, for its service manager to start it again.
      if (refusedToStart(end)) report.startRefusals += 1;
      else problem(`a worker died without being killed: ${describeEnd(end)}`);
    }
    report.takesLogged = pool.ended.reduce((sum, end) => sum + takes(end.lines), 0);

    const atEnd = await readCampaigns(opened.store, campaigns);
    const outcome = checkOutcome(campaigns, fake.messages.map(received), atEnd);
    Object.assign(report, { texted: outcome.texted, duplicates: outcome.duplicates, lost: outcome.lost });
    report.problems.push(...outcome.problems);
    report.problems.push(...(await listsNotDone(url, campaigns)));

    judgeTakeOvers(report, atEnd);
    if (report.restart !== null) report.restart.pauseMs = pauseAfter(report.restart, fake.messages.map(received));
  } finally {
    await pool?.killAll();
    if (options.logDir !== undefined && pool !== null) writeLogs(options.logDir, pool, step);
    await fake?.close();
    await opened?.close();
    await server?.close();
    report.durationMs = Date.now() - startedMs;
  }
  return report;
}

// ---------------------------------------------------------------------------------------------

function writeLogs(dir: string, pool: WorkerPool, step: (text: string) => void): void {
  mkdirSync(dir, { recursive: true });
  for (const [n, end] of pool.ended.entries()) writeFileSync(join(dir, `${n + 1}-slot${end.slot}.log`), `${end.lines.join('\n')}\n`);
  step(`every worker's log is in ${dir}`);
}

/**
 * The worker to kill, drawn among those whose log says they hold a campaign: with one lease for the
 * whole database only one worker sends, and killing one that waits would test nothing. Any
 * worker when none says so (all starting, or all waiting for an expired lease).
 */
function victim(pool: WorkerPool, ids: readonly string[], draw: number): number {
  const slots = Array.from({ length: pool.count }, (_, slot) => slot);
  const holding = slots.filter((slot) => pool.heldNow(slot, ids).size > 0);
  const among = holding.length > 0 ? holding : slots;
  return among[Math.floor(draw * among.length)] as number;
}

/**
 * Restarts the server while messages flow, once the last kill's campaigns were all taken over, and
 * waits for messages to flow again: the pause is the restart's alone, not mixed up with a take-over.
 * Says what each worker logged meanwhile.
 */
async function restartWhileFlowing(
  server: PostgresServer,
  pool: WorkerPool,
  campaigns: readonly ChaosCampaign[],
  fake: FakeTwilio,
  lastKill: Kill | undefined,
  step: (text: string) => void
): Promise<ServerRestart> {
  const flowing = (sinceMs: number) => fake.messages.some((message) => message.createdAt.epochMilliseconds >= sinceMs);
  if (lastKill !== undefined) await waitUntil(async () => resumed(lastKill, campaigns, fake), 30_000);
  await until(() => flowing(Date.now() - 300), 30_000, 'no message reached the fake Twilio for 30 s before the restart of the server');
  const stoppedAtMs = Date.now();
  await server.restart('immediate');
  const downMs = Date.now() - stoppedAtMs;
  step(`PostgreSQL restarted (immediate stop), down ${downMs} ms`);
  await until(() => flowing(stoppedAtMs + downMs), 30_000, 'no message reached the fake Twilio within 30 s of the restart of the server');
  for (const [slot, worker] of pool.running().entries()) {
    const said = summarised(linesBetween(worker.lines, stoppedAtMs, Date.now()));
    if (said.length > 0) step(`worker in slot ${slot} from the stop until messages flowed again:\n  ${said.join('\n  ')}`);
  }
  return { stoppedAtMs, downMs, pauseMs: null };
}

/**
 * The take-overs, from the send log. The issue's promise (within 15 s) is for one worker's death:
 * a take-over that other deaths came into is counted and shown, not failed.
 */
function judgeTakeOvers(report: ChaosReport, atEnd: ReadonlyMap<string, CampaignRecordAtEnd>): void {
  report.takeOvers = takeOvers(report.kills, new Map([...atEnd].map(([id, end]) => [id, end.attempts])));
  report.longestTakeOver = longest(report.takeOvers);
  report.longestSingleTakeOver = longest(report.takeOvers.filter((takeOver) => takeOver.otherDeaths === 0));
  const slow = report.takeOvers.filter((takeOver) => takeOver.afterMs > takeOverWithinMs && !takeOver.retry);
  report.slowAfterOtherDeaths = slow.filter((takeOver) => takeOver.otherDeaths > 0);
  for (const takeOver of slow.filter((candidate) => candidate.otherDeaths === 0)) {
    const kill = report.kills[takeOver.kill - 1];
    report.problems.push(
      `campaign ${takeOver.campaign}, held by the worker in slot ${kill?.slot} killed at ${new Date(kill?.atMs ?? 0).toISOString()} (kill ${takeOver.kill}), ` +
        `was first sent again ${takeOver.afterMs} ms later, over ${takeOverWithinMs / 1000} s, no other worker dying meanwhile`
    );
  }
}

/** A worker's JSON lines stamped between the two instants (pino's `time`), but its `sent` lines. */
function linesBetween(lines: readonly string[], fromMs: number, toMs: number): string[] {
  return lines.filter((line) => {
    const match = /"time":(\d+)/.exec(line);
    const atMs = Number(match?.[1] ?? Number.NaN);
    return atMs >= fromMs && atMs <= toMs && !line.includes('"msg":"sent"') && !line.includes('"msg":"delivery status"');
  });
}

/** Each different thing the lines say, once, with its error's message and how often: stacks of a restart say nothing more. */
function summarised(lines: readonly string[]): string[] {
  const counts = new Map<string, number>();
  for (const line of lines) {
    let said = line;
    try {
      const parsed = JSON.parse(line) as { msg?: string; err?: { message?: string } };
      said = `${parsed.msg ?? line}${parsed.err?.message === undefined ? '' : ` (${parsed.err.message})`}`;
    } catch {
      // Not a log line (a crash's output): shown as it is.
    }
    counts.set(said, (counts.get(said) ?? 0) + 1);
  }
  return [...counts].map(([said, count]) => (count === 1 ? said : `${count}× ${said}`));
}

/** From the server's stop to the first message the fake received after it was back. */
function pauseAfter({ stoppedAtMs, downMs }: ServerRestart, messages: readonly ReceivedMessage[]): number | null {
  const next = messages.find((message) => message.atMs >= stoppedAtMs + downMs);
  return next === undefined ? null : next.atMs - stoppedAtMs;
}

/** Whether each campaign the killed worker held has sent again since, or has nothing left to send today. */
function resumed(kill: Kill, campaigns: readonly ChaosCampaign[], fake: FakeTwilio): boolean {
  return campaigns
    .filter((campaign) => kill.held.includes(campaign.id))
    .every((campaign) => {
      const mine = fake.messages.filter((message) => (message.messagingServiceSid ?? message.from) === campaign.sender);
      return mine.length >= allowedToday(campaign) || mine.some((message) => message.createdAt.epochMilliseconds > kill.atMs + 500);
    });
}

function refusedToStart(end: EndedWorker): boolean {
  return end.code === 2 && !end.lines.some(logMessage('worker starting'));
}

/** Whether every campaign has sent all it may today: the fake's count first (cheap), then the database's. */
async function allSent(store: Store, campaigns: readonly ChaosCampaign[], fake: FakeTwilio): Promise<boolean> {
  const counts = new Map<string, number>();
  for (const message of fake.messages) {
    const sender = message.messagingServiceSid ?? message.from ?? '';
    counts.set(sender, (counts.get(sender) ?? 0) + 1);
  }
  if (campaigns.some((campaign) => (counts.get(campaign.sender) ?? 0) < allowedToday(campaign))) return false;
  for (const campaign of campaigns) {
    const { states } = await store.listCounts(campaign.listId);
    if (states.sent < allowedToday(campaign) || states.sending > 0) return false;
  }
  return true;
}

function allowedToday(campaign: ChaosCampaign): number {
  return Math.min(campaign.phones.length, campaign.dailyLimit ?? Number.POSITIVE_INFINITY);
}

async function readCampaigns(store: Store, campaigns: readonly ChaosCampaign[]): Promise<Map<string, CampaignRecordAtEnd>> {
  const atEnd = new Map<string, CampaignRecordAtEnd>();
  for (const campaign of campaigns) {
    atEnd.set(campaign.id, { states: await store.recipientStates(campaign.listId), attempts: await store.attempts(campaign.id) });
  }
  return atEnd;
}

/** Every list as `proactive-sms status` reads it: an unlimited campaign's completed, a limited one's still in progress for tomorrow. */
async function listsNotDone(url: string, campaigns: readonly ChaosCampaign[]): Promise<string[]> {
  const status = await runCli(['status', '--db', url, '--json']);
  if (status.code !== 0) return [`proactive-sms status failed (exit ${status.code}): ${status.stderr.trim()}`];
  const { lists } = JSON.parse(status.stdout) as { lists: Array<{ id: string; status: string; completion: string | null; sent: number; total: number }> };
  return campaigns.flatMap((campaign) => {
    const list = lists.find((candidate) => candidate.id === campaign.listId);
    const wanted = campaign.dailyLimit === null ? 'completed/all_contacted' : 'in_progress/';
    const shown = list === undefined ? 'missing' : `${list.status}/${list.completion ?? ''}`;
    return shown === wanted ? [] : [`campaign ${campaign.id}: list ${campaign.listId} is ${shown} (${list?.sent ?? 0}/${list?.total ?? 0}), expected ${wanted}`];
  });
}

function received(message: FakeTwilio['messages'][number]): ReceivedMessage {
  return { sender: message.messagingServiceSid ?? message.from, to: message.to, atMs: message.createdAt.epochMilliseconds };
}

function between([low, high]: [number, number], random: Random): number {
  return low + Math.floor(random.next() * (high - low + 1));
}

async function until(done: () => boolean, timeoutMs: number, failure: string): Promise<void> {
  if (!(await waitUntil(async () => done(), timeoutMs))) throw new Error(failure);
}

/** Polls `done` (errors count as not yet: the database may be restarting) until it answers true or `timeoutMs` passes. */
async function waitUntil(done: () => Promise<boolean>, timeoutMs: number): Promise<boolean> {
  const endsMs = Date.now() + timeoutMs;
  while (Date.now() < endsMs) {
    if (await done().catch(() => false)) return true;
    await sleep(500);
  }
  return false;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** One line for the test's output and every failure message. */
export function reportLine(report: ChaosReport): string {
  const shown = (takeOver: TakeOver | null) => (takeOver === null ? 'none' : `${takeOver.afterMs} ms (kill ${takeOver.kill}, ${takeOver.campaign})`);
  const restart = report.restart;
  const slow = report.slowAfterOtherDeaths;
  return (
    `seed=${report.seed} campaigns=${report.campaigns} recipients=${report.recipients} kills=${report.kills.length} ` +
    `take-overs=${report.takeOvers.length} (taken lines logged: ${report.takesLogged}) ` +
    `refused to start while the server was down=${report.startRefusals} ` +
    `longest take-over=${shown(report.longestTakeOver)}, with no other death meanwhile=${shown(report.longestSingleTakeOver)}, ` +
    `over 15 s after more deaths=${slow.length}${slow.length > 0 ? ` (${slow.map((t) => `kill ${t.kill} ${t.campaign} ${t.afterMs} ms`).join(', ')})` : ''} ` +
    `postgres restart=${restart === null ? 'none' : `down ${restart.downMs} ms, sending paused ${restart.pauseMs ?? '?'} ms`} ` +
    `texted=${report.texted} duplicates=${report.duplicates} lost=${report.lost} duration=${Math.round(report.durationMs / 1000)} s`
  );
}
