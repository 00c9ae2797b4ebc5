// Several workers on one PostgreSQL database (issue 13): aggregate sends per second with 1 and
// with 3 `proactive-sms worker` processes over 50 campaigns, each throttled at 50/s (2,500/s in
// all, so that a campaign's own throttle is not what limits the figure), first with the simulated
// provider (the worker's own, writing its log into the database), then against the fake Twilio
// over loopback HTTP; target ≥ 1,000 sends/s. Then the take-over: 3 workers, one SIGKILLed while
// sending, and how long until each campaign it held is sent again by another.
//
// The rate is read from the send log (claims from the first to the last), not from the wall
// clock, so that the workers' start-up and the import are not counted. The machine is shared and
// has 2 cores: the table says how busy it was (load average, and the share of its CPU time spent
// in the workers and in PostgreSQL).
//
// A throwaway server (test/support/postgres-server.ts) is started on 127.0.0.1:4210 (or
// POSTGRES_BENCH_PORT); the fake Twilio listens on the port after it. POSTGRES_BENCH_RECIPIENTS
// sets the recipients per campaign (400); POSTGRES_BENCH_ONLY=take-over, =simulated or =twilio
// (or several, comma-separated) runs only those parts. POSTGRES_BENCH_CPU_PROFILES=<folder> has
// each worker write a V8 CPU profile there when it stops (node --cpu-prof).
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { Temporal } from 'temporal-polyfill';
import { fmt, importTestModule } from './measure.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const campaignCount = 50;
const perSecond = 50;
const recipientsPerCampaign = Number(process.env.POSTGRES_BENCH_RECIPIENTS ?? 400);
const target = 1_000;
const accountSid = 'AC' + '0123456789abcdef'.repeat(2);
const authToken = 'bench-auth-token';
const messagingServiceSid = 'MG' + 'fedcba9876543210'.repeat(2);
const port = Number(process.env.POSTGRES_BENCH_PORT ?? 4210);
const profiling = process.env.POSTGRES_BENCH_CPU_PROFILES ? ['--cpu-prof', `--cpu-prof-dir=${process.env.POSTGRES_BENCH_CPU_PROFILES}`] : [];
const parts = new Set(process.env.POSTGRES_BENCH_ONLY?.split(',') ?? ['simulated', 'twilio', 'take-over']);

if (!postgresInstalled()) {
  console.error('PostgreSQL is not installed on this machine: run `apt-get install -y postgresql` (Debian) to run this benchmark.');
  process.exit(1);
}

const { startPostgresServer } = await importTestModule('test/support/postgres-server.ts');
const { startFakeTwilio } = await importTestModule('test/fakes/twilio-server.ts');
const { takeOvers, longest } = await importTestModule('test/chaos/take-overs.ts');
const { campaignsHeld } = await importTestModule('test/chaos/worker-log.ts');
const { openPostgresStore } = await import('../../dist/adapters/postgres/open-store.js');
const { storeScenario } = await import('../../dist/core/runtime/index.js');
const { parseScenario } = await import('../../dist/core/scenario/parse.js');

const server = await startPostgresServer({ port });
const fake = await startFakeTwilio({ accountSid, authToken, now: () => Temporal.Now.instant(), port: port + 1 });
let statistics = null;
try {
  statistics = await serverStatistics(server);
  console.log(`${campaignCount} campaigns × ${fmt(recipientsPerCampaign, 0)} recipients, each throttled at ${perSecond}/s; PostgreSQL ${server.port}, fake Twilio ${fake.baseUrl}`);
  const rows = [];
  for (const provider of ['simulated', 'twilio'].filter((part) => parts.has(part))) {
    for (const workers of [1, 3]) {
      const row = await rateRun({ provider, workers, name: `rate_${provider}_${workers}` });
      rows.push(row);
      console.log(`  ${row.label}: ${fmt(row.perSecond, 0)} sends/s`);
    }
  }
  if (rows.length > 0) {
    console.log('');
    printTable(rows);
    console.log('\n-- where the time goes, from the server: statements per send (each a round trip), the costliest ones, and what the connections were doing (sampled every 100 ms)');
    for (const row of rows) printWhereTimeGoes(row);
  }

  if (parts.has('take-over')) {
    console.log('\n-- take-over: 3 workers, fake Twilio, campaigns at 10/s; the worker holding the most campaigns SIGKILLed 5 s into sending');
    await takeOverRun();
  }
} finally {
  await statistics?.close();
  await fake.close();
  await server.close();
}

// ---------------------------------------------------------------------------------------------

/** One timed run on a database of its own: the workers send everything, then are stopped. */
async function rateRun({ provider, workers, name }) {
  const { url, store, close, listIds } = await databaseWithCampaigns(name, recipientsPerCampaign, perSecond);
  const fakeBefore = fake.messages.length;
  await statistics.reset();
  const cpu = machineCpu();
  const load = loadavg()[0];
  const running = Array.from({ length: workers }, () => startWorker(url, provider));
  const sampling = statistics.sample(name);
  let used;
  try {
    await waitFor(async () => (await sentCount(store, listIds)) >= campaignCount * recipientsPerCampaign, 600_000);
    // Before the workers end: a backend's CPU time goes with it.
    used = machineCpu(cpu);
  } finally {
    await sampling.stop();
    await stopWorkers(running);
  }
  const serverSide = { statements: await statistics.statements(name), connections: sampling.counts };
  const claims = await claimsOf(store);
  await close();
  const all = [...claims.values()].flatMap((list) => list.map((claim) => claim.atMs)).sort((a, b) => a - b);
  const spanMs = all.at(-1) - all[0];
  // The slowest campaign against its throttle: below 100 %, something other than the throttle held it.
  const slowest = Math.min(...[...claims.values()].map((list) => (list.length - 1) / ((list.at(-1).atMs - list[0].atMs) / 1000) / perSecond));
  return {
    label: `${provider === 'simulated' ? 'simulated provider' : 'fake Twilio'}, ${workers} worker${workers === 1 ? '' : 's'}`,
    sends: all.length,
    spanMs,
    perSecond: (all.length - 1) / (spanMs / 1000),
    slowestShare: slowest,
    fakeMessages: fake.messages.length - fakeBefore,
    load: [load, loadavg()[0]],
    workerCpu: running.reduce((sum, worker) => sum + worker.cpuSeconds, 0),
    machine: used,
    serverSide
  };
}

async function takeOverRun() {
  const rate = 10;
  const { url, store, close, listIds } = await databaseWithCampaigns('take_over', 300, rate);
  const ids = Array.from({ length: campaignCount }, (_, c) => `c${c}`);
  const running = Array.from({ length: 3 }, () => startWorker(url, 'twilio'));
  try {
    await waitFor(async () => (await sentCount(store, listIds)) > 0, 60_000);
    await sleep(5_000);
    // The worker holding the most campaigns (with one lease for the database, the one that sends).
    const victim = running.reduce((most, worker) => (campaignsHeld(worker.lines, ids).size > campaignsHeld(most.lines, ids).size ? worker : most));
    const atMs = Date.now();
    victim.child.kill('SIGKILL');
    await victim.closed;
    const held = [...campaignsHeld(victim.lines, ids)];
    await waitFor(async () => (await sentCount(store, listIds)) >= campaignCount * 300, 300_000);
    const found = takeOvers([{ atMs, slot: 0, held }], await claimsOf(store));
    const worst = longest(found);
    const survivors = running.filter((worker) => worker !== victim).flatMap((worker) => worker.lines.filter((line) => line.startsWith('{')).map((line) => JSON.parse(line)))
      .sort((a, b) => a.time - b.time);
    const leaseTaken = (campaign) => survivors.find((entry) => entry.msg === 'campaign taken' && entry.campaign === campaign && entry.time > atMs);
    const takenAfter = held.flatMap((campaign) => (leaseTaken(campaign) === undefined ? [] : [leaseTaken(campaign).time - atMs]));
    console.log(`killed worker held   ${held.length} of ${campaignCount} campaigns`);
    console.log(`taken over           ${found.length} (each sent again by another worker)`);
    console.log(`lease taken after    ${summary(takenAfter)} (the survivors' "campaign taken" lines)`);
    if (worst !== null) console.log(`first send after     ${summary(found.map((t) => t.afterMs))}, longest ${worst.campaign}`);
    // A send the kill cut between its claim and its outcome is reconciled before the campaign sends
    // again: the provider is asked until the acceptance window (two minutes) has passed since the claim.
    for (const slow of found.filter((t) => t.afterMs > 15_000)) {
      const asked = survivors.filter((entry) => entry.msg === 'reconciling: asked the provider what it took' && entry.time > atMs && campaignOfPhone(entry.to) === slow.campaign);
      const taken = leaseTaken(slow.campaign);
      console.log(
        `  ${slow.campaign}: lease taken after ${taken === undefined ? '?' : fmt((taken.time - atMs) / 1000, 1)} s, first send after ${fmt(slow.afterMs / 1000, 1)} s; ` +
          (asked.length === 0 ? 'no reconciliation logged' : `reconciled ${asked[0].to} first (asked the provider ${asked.length} time(s), last at +${fmt((asked.at(-1).time - atMs) / 1000, 1)} s, found ${asked.at(-1).found.length === 0 ? 'nothing' : asked.at(-1).found.join(', ')})`)
      );
    }
  } finally {
    await stopWorkers(running.filter((worker) => worker.child.exitCode === null && worker.child.signalCode === null));
    await close();
  }
}

function summary(ms) {
  const sorted = [...ms].sort((a, b) => a - b);
  return sorted.length === 0 ? 'none' : `median ${fmt(sorted[Math.floor(sorted.length / 2)] / 1000, 2)} s, longest ${fmt(sorted.at(-1) / 1000, 2)} s`;
}

/** The campaign a bench phone belongs to (see databaseWithCampaigns). */
function campaignOfPhone(phone) {
  return `c${Math.floor((Number(phone.slice(5)) - 2_000_000) / 10_000)}`;
}

/** A new database on the server with the 50 campaigns, all lists started a minute ago. */
async function databaseWithCampaigns(name, recipients, rate) {
  const url = await server.createDatabase(name);
  const { store, close } = await openPostgresStore(url);
  const startAfter = Temporal.Now.instant().subtract({ minutes: 1 }).toString();
  const allDay = [['00:00', '24:00']];
  const listIds = [];
  for (let c = 0; c < campaignCount; c += 1) {
    const scenario = parseScenario({
      campaign: {
        name: `Bench ${c}`,
        // A zone where it is around noon, so that no local midnight resets the counts mid-run.
        timeZone: noonZone(),
        hours: { mon: allDay, tue: allDay, wed: allDay, thu: allDay, fri: allDay, sat: allDay, sun: allDay },
        rate: { messages: rate, perSeconds: 1 },
        message: 'Hi {{name}}, your order is ready. Reply STOP to opt out.'
      },
      lists: [
        {
          id: `l${c}`,
          fileName: `l${c}.csv`,
          createdAt: startAfter,
          startAfter,
          recipients: Array.from({ length: recipients }, (_, row) => ({ phone: `+1646${2_000_000 + c * 10_000 + row}`, name: `Customer ${row}` }))
        }
      ]
    });
    await storeScenario(store, scenario, `c${c}`);
    listIds.push(`l${c}`);
  }
  return { url, store, close, listIds };
}

/** `proactive-sms worker --db url`, its JSON lines kept (for the take-over) and its CPU time read before it ends. */
function startWorker(url, provider) {
  const env = {
    PATH: process.env.PATH ?? '',
    ...(provider === 'twilio'
      ? {
          TWILIO_ACCOUNT_SID: accountSid,
          TWILIO_AUTH_TOKEN: authToken,
          TWILIO_MESSAGING_SERVICE_SID: messagingServiceSid,
          TWILIO_API_BASE_URL: fake.baseUrl,
          PUBLIC_BASE_URL: 'http://127.0.0.1:9'
        }
      : {})
  };
  const child = spawn(process.execPath, [...profiling, join(root, 'bin', 'proactive-sms.js'), 'worker', '--db', url], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const worker = { child, lines: [], cpuSeconds: 0, closed: null };
  for (const stream of [child.stdout, child.stderr]) createInterface({ input: stream }).on('line', (line) => worker.lines.push(line));
  worker.closed = new Promise((resolve) => child.on('close', resolve));
  return worker;
}

async function stopWorkers(running) {
  for (const worker of running) worker.cpuSeconds = processCpuSeconds(worker.child.pid);
  for (const worker of running) worker.child.kill('SIGTERM');
  await Promise.all(running.map((worker) => Promise.race([worker.closed, sleep(20_000).then(() => worker.child.kill('SIGKILL'))])));
}

async function sentCount(store, listIds) {
  let sent = 0;
  for (const id of listIds) sent += (await store.listCounts(id)).states.sent;
  return sent;
}

/** Each campaign's claims (instant and row), in the order of their instants. */
async function claimsOf(store) {
  const claims = new Map();
  for (let c = 0; c < campaignCount; c += 1) {
    claims.set(`c${c}`, (await store.attempts(`c${c}`)).map(({ atMs, row }) => ({ atMs, row })).sort((a, b) => a.atMs - b.atMs));
  }
  return claims;
}

function printTable(rows) {
  const header = ['run', 'sends', 'seconds', 'sends/s', 'target', 'slowest campaign vs throttle', 'load 1 min (before→after)', 'CPU busy (machine)', 'worker CPU s'];
  const lines = rows.map((row) => [
    row.label,
    fmt(row.sends, 0),
    fmt(row.spanMs / 1000, 1),
    fmt(row.perSecond, 0),
    row.perSecond >= target ? 'met' : 'MISSED',
    `${fmt(row.slowestShare * 100, 0)} %`,
    `${fmt(row.load[0], 2)}→${fmt(row.load[1], 2)}`,
    `${fmt(row.machine.busyShare * 100, 0)} % (postgres ${fmt(row.machine.postgresSeconds, 1)} s)`,
    fmt(row.workerCpu, 1)
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((line) => line[i].length)));
  for (const line of [header, ...lines]) console.log(line.map((cell, i) => cell.padEnd(widths[i])).join('  '));
}

/** What the costliest statements and the sampled connections say about one run. */
function printWhereTimeGoes(row) {
  const { statements, connections } = row.serverSide;
  const calls = statements.reduce((sum, statement) => sum + statement.calls, 0);
  const ms = statements.reduce((sum, statement) => sum + statement.totalMs, 0);
  console.log(`\n${row.label}: ${fmt(calls / row.sends, 1)} statements per send, ${fmt(ms / row.sends, 2)} ms of server time per send; worker CPU ${fmt((row.workerCpu * 1000) / row.sends, 2)} ms per send`);
  for (const statement of statements.slice(0, 6)) {
    console.log(`  ${fmt(statement.calls / row.sends, 2).padStart(6)}/send  ${fmt(statement.meanMs, 3).padStart(7)} ms each  ${fmt((100 * statement.totalMs) / ms, 0).padStart(3)} %  ${statement.query}`);
  }
  const samples = connections.samples || 1;
  const states = Object.entries(connections.byState)
    .sort(([, a], [, b]) => b - a)
    .map(([state, n]) => `${state} ${fmt(n / samples, 1)}`)
    .join(', ');
  console.log(`  connections on average: ${states || 'none seen'} (over ${connections.samples} samples)`);
}

/**
 * pg_stat_statements (loaded with a restart of the server) for what each run asked of the
 * database, and pg_stat_activity sampled for what its connections were doing meanwhile.
 */
async function serverStatistics(server) {
  const pg = (await import('pg')).default;
  const admin = new pg.Client({ connectionString: server.url() });
  await admin.connect();
  await admin.query("ALTER SYSTEM SET shared_preload_libraries = 'pg_stat_statements'");
  await admin.end();
  await server.restart('fast');
  const client = new pg.Client({ connectionString: server.url() });
  await client.connect();
  await client.query('CREATE EXTENSION IF NOT EXISTS pg_stat_statements');
  return {
    reset: () => client.query('SELECT pg_stat_statements_reset()'),
    async statements(database) {
      const { rows } = await client.query(
        `SELECT s.query, s.calls::float8 AS calls, s.total_exec_time AS "totalMs", s.mean_exec_time AS "meanMs"
           FROM pg_stat_statements s JOIN pg_database d ON d.oid = s.dbid
          WHERE d.datname = $1 ORDER BY s.total_exec_time DESC`,
        [database]
      );
      return rows.map((row) => ({ ...row, query: row.query.replace(/\s+/g, ' ').slice(0, 110) }));
    },
    sample(database) {
      const counts = { samples: 0, byState: {} };
      let stopped = false;
      const sampler = new pg.Client({ connectionString: server.url() });
      const done = (async () => {
        await sampler.connect();
        while (!stopped) {
          const { rows } = await sampler.query(
            `SELECT CASE WHEN state = 'idle' THEN 'idle' ELSE coalesce(state, '?') || coalesce(' waiting on ' || wait_event_type || ':' || wait_event, '') END AS what
               FROM pg_stat_activity WHERE datname = $1 AND backend_type = 'client backend'`,
            [database]
          );
          counts.samples += 1;
          for (const { what } of rows) counts.byState[what] = (counts.byState[what] ?? 0) + 1;
          await sleep(100);
        }
        await sampler.end();
      })();
      return { counts, stop: () => ((stopped = true), done) };
    },
    close: () => client.end()
  };
}

/** The machine's CPU use since `before` (all cores), and PostgreSQL's own CPU time, from /proc. */
function machineCpu(before) {
  const [, ...ticks] = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).map(Number);
  const total = ticks.reduce((a, b) => a + b, 0);
  const idle = ticks[3] + ticks[4];
  const postgres = postgresCpuSeconds();
  if (before === undefined) return { total, idle, postgres };
  return { busyShare: 1 - (idle - before.idle) / (total - before.total), postgresSeconds: postgres - before.postgres };
}

function postgresCpuSeconds() {
  let seconds = 0;
  for (const pid of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    try {
      if (readFileSync(`/proc/${pid}/comm`, 'utf8').trim() !== 'postgres') continue;
      seconds += processCpuSeconds(pid);
    } catch {
      // The process ended meanwhile.
    }
  }
  return seconds;
}

/** utime + stime of a process, in seconds (Linux clock ticks of 1/100 s). */
function processCpuSeconds(pid) {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return 0;
  }
}

function postgresInstalled() {
  const dir = '/usr/lib/postgresql';
  return existsSync(dir) && readdirSync(dir).some((version) => existsSync(join(dir, version, 'bin', 'initdb')));
}

function noonZone() {
  const offset = Math.max(-12, Math.min(14, 12 - new Date().getUTCHours()));
  return offset === 0 ? 'Etc/UTC' : `Etc/GMT${offset > 0 ? '-' : '+'}${Math.abs(offset)}`;
}

async function waitFor(done, timeoutMs) {
  const endsMs = Date.now() + timeoutMs;
  while (!(await done())) {
    if (Date.now() > endsMs) throw new Error(`not done within ${timeoutMs / 1000} s`);
    await sleep(500);
  }
}

function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
