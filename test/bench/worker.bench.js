// The production worker on SQLite, 100,000 recipients (WORKER_BENCH_RECIPIENTS to change it):
// 1. with the in-process simulated provider on a virtual clock, so that only the worker, the
//    runtime and the store (a claim, an outcome, the simulated provider's log and two delivery
//    reports per send, each its own committed transaction) set the pace — target ≥ 5,000 sends/s.
//    The database is on a RAM disk (/dev/shm) to measure what the code costs; then a smaller run
//    on the real disk shows what the disk sync that makes each claim durable costs (one per send);
// 2. against the fake Twilio over loopback HTTP, on the system clock, throttle 1,000/s.
// Each part runs in a child process of its own, so that its peak memory is the worker's alone
// (the fake Twilio runs here, in the parent). Logs are formatted as in production and discarded.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { Temporal } from 'temporal-polyfill';
import { fmt, importTestModule, peakRssMiB } from './measure.js';

const recipientCount = Number(process.env.WORKER_BENCH_RECIPIENTS ?? 100_000);
const accountSid = 'AC' + '0123456789abcdef'.repeat(2);
const authToken = 'bench-auth-token';
const messagingServiceSid = 'MG' + 'fedcba9876543210'.repeat(2);

const onDiskCount = Math.min(recipientCount, 5_000);
const ramDisk = existsSync('/dev/shm') ? '/dev/shm' : tmpdir();

const [part, count, dir, baseUrl] = process.argv.slice(2);
if (part === undefined) await parent();
else await child(part, Number(count), dir, baseUrl);

async function parent() {
  console.log('One list, open all day; SQLite as the worker opens it (WAL; each claim synced to disk, the other commits at checkpoints).');
  console.log(`\n-- simulated provider, virtual clock, ${fmt(recipientCount, 0)} recipients, database in ${ramDisk}`);
  await run(['simulated', recipientCount, ramDisk]);
  console.log(`\n-- the same, ${fmt(onDiskCount, 0)} recipients, database on the disk (${tmpdir()})`);
  await run(['simulated', onDiskCount, tmpdir()]);
  console.log(`\n-- fake Twilio over loopback HTTP, system clock, throttle 1,000/s, ${fmt(recipientCount, 0)} recipients, database in ${ramDisk}`);
  const { startFakeTwilio } = await importTestModule('test/fakes/twilio-server.ts');
  const fake = await startFakeTwilio({ accountSid, authToken, now: () => Temporal.Now.instant() });
  try {
    await run(['twilio', recipientCount, ramDisk, fake.baseUrl]);
    console.log(`fake's log           ${fmt(fake.messages.length, 0)} messages, ${fmt(new Set(fake.messages.map((m) => m.to)).size, 0)} phones`);
  } finally {
    await fake.close();
  }
}

function run(args) {
  return new Promise((resolve, reject) => {
    const worker = spawn(process.execPath, ['--expose-gc', fileURLToPath(import.meta.url), ...args.map(String)], { stdio: 'inherit' });
    worker.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`bench part ${args[0]} exited with ${code}`))));
  });
}

async function child(part, recipientCount, dir, baseUrl) {
  const { openSqliteDatabase, createSqliteStore, createSqliteMessageLog } = await import('../../dist/adapters/sqlite/index.js');
  const { storeScenario } = await import('../../dist/core/runtime/index.js');
  const { parseScenario } = await import('../../dist/core/scenario/parse.js');
  const { startWorker } = await import('../../dist/adapters/worker/worker.js');
  const { createWorkerLogger } = await import('../../dist/adapters/worker/logger.js');
  const { createSimulatedProvider } = await import('../../dist/adapters/worker/simulated-provider.js');
  const { createVirtualClock } = await import('../../dist/adapters/memory/virtual-clock.js');
  const { createSystemClock } = await import('../../dist/adapters/clock/system-clock.js');
  const { createTwilioFromEnv } = await import('../../dist/adapters/twilio/from-env.js');
  const { seededRandom } = await import('../../dist/core/ports/random.js');

  const folder = mkdtempSync(join(dir, 'proactive-sms-worker-bench-'));
  try {
    const db = openSqliteDatabase(join(folder, 'bench.db'));
    const store = createSqliteStore(db);
    const startAfter = part === 'simulated' ? Temporal.Instant.from('2026-12-01T00:00:00Z') : Temporal.Now.instant().subtract({ minutes: 1 });
    const importStart = performance.now();
    await storeScenario(store, scenarioOf(parseScenario, recipientCount, startAfter), 'bench');
    const importMs = performance.now() - importStart;

    let lines = 0;
    const logger = createWorkerLogger({ readable: false, write: () => (lines += 1) });
    let clock;
    let provider;
    if (part === 'simulated') {
      clock = createVirtualClock({ start: startAfter });
      provider = createSimulatedProvider({ clock, log: createSqliteMessageLog(db) });
    } else {
      clock = createSystemClock();
      const env = {
        TWILIO_ACCOUNT_SID: accountSid,
        TWILIO_AUTH_TOKEN: authToken,
        TWILIO_MESSAGING_SERVICE_SID: messagingServiceSid,
        TWILIO_API_BASE_URL: baseUrl,
        PUBLIC_BASE_URL: 'http://127.0.0.1:9'
      };
      const twilio = createTwilioFromEnv(env, { clock, random: seededRandom(3) });
      if (!twilio.ok) throw new Error(twilio.message);
      provider = twilio.provider;
    }

    globalThis.gc?.();
    const start = performance.now();
    const cpuStart = process.cpuUsage();
    const worker = startWorker({ store, provider, clock, logger, exitWhenIdle: true, holder: 'bench' });
    if (part === 'simulated') {
      let done = false;
      void worker.stopped.then(() => (done = true));
      while (!done) await clock.runUntilIdle({ until: clock.now().add({ seconds: 10 }) });
    }
    await worker.stopped;
    const wallMs = performance.now() - start;
    const cpu = process.cpuUsage(cpuStart);
    const counts = await store.listCounts('big');
    console.log(`import into SQLite   ${fmt(importMs / 1000, 2)} s (${fmt(recipientCount / (importMs / 1000), 0)} recipients/s)`);
    console.log(`sent                 ${fmt(counts.states.sent, 0)}/${fmt(counts.total, 0)} in ${fmt(wallMs / 1000, 2)} s of wall time`);
    console.log(`sends per second     ${fmt(counts.states.sent / (wallMs / 1000), 0)}`);
    const cpuSeconds = (cpu.user + cpu.system) / 1e6;
    console.log(`cpu time             ${fmt(cpu.user / 1e6, 2)} s user, ${fmt(cpu.system / 1e6, 2)} s system`);
    // Steadier than wall time on a shared machine: what one core would sustain with nothing else to do.
    console.log(`sends per cpu second ${fmt(counts.states.sent / cpuSeconds, 0)}`);
    console.log(`log lines            ${fmt(lines, 0)}`);
    console.log(`peak memory          ${fmt(peakRssMiB(), 0)} MiB resident`);
    db.close();
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

function scenarioOf(parse, count, startAfter) {
  const allDay = [['00:00', '24:00']];
  return parse({
    campaign: {
      name: 'Bench',
      timeZone: 'UTC',
      hours: { mon: allDay, tue: allDay, wed: allDay, thu: allDay, fri: allDay, sat: allDay, sun: allDay },
      rate: { messages: 1000, perSeconds: 1 },
      message: 'Hi {{name}}, your order is ready. Reply STOP to opt out.'
    },
    lists: [
      {
        id: 'big',
        fileName: 'big.csv',
        createdAt: startAfter.toString(),
        startAfter: startAfter.toString(),
        recipients: Array.from({ length: count }, (_, i) => ({ phone: `+1415${String(2_000_000 + i).padStart(7, '0')}`, name: `Customer ${i}` }))
      }
    ]
  });
}
