// project() on 10k, 100k and 1M recipients in 5 zones over a two-year horizon: the projection
// counts segments rather than sends, so its time should barely grow with the list.
import { Temporal } from 'temporal-polyfill';
import { project, plan } from '../../dist/core/index.js';
import { fmt, medianMs, peakRssMiB } from './measure.js';

const zones = ['America/New_York', 'America/Chicago', 'America/Denver', 'America/Los_Angeles', 'Pacific/Honolulu'];
const weekday = [['09:00', '17:00']];

function scenarioWith(count, messagesPerMinute = 8) {
  const recipients = Array.from({ length: count }, (_, row) => ({
    phone: `+1212${String(2_000_000 + row).padStart(7, '0')}`,
    name: null,
    timeZone: zones[row % zones.length],
    variables: {}
  }));
  const start = Temporal.Instant.from('2027-01-04T00:00:00Z');
  return {
    campaign: {
      name: 'Bench',
      timeZone: 'America/New_York',
      hours: { mon: weekday, tue: weekday, wed: weekday, thu: weekday, fri: weekday, sat: [], sun: [] },
      rate: { messages: messagesPerMinute, perSeconds: 60 },
      dailyLimit: null,
      message: 'Hi'
    },
    lists: [{ id: 'big', fileName: 'big.csv', createdAt: start, startAfter: start, endBefore: null, recipients }],
    actions: [],
    provider: { seed: 1 },
    until: start.add({ hours: 2 * 365 * 24 })
  };
}

// Each size runs in a child process of its own, so that its peak memory is its own.
const size = process.argv[2];
if (size === undefined) {
  const { spawnSync } = await import('node:child_process');
  const { fileURLToPath } = await import('node:url');
  const me = fileURLToPath(import.meta.url);
  const run = (...args) => {
    const child = spawnSync(process.execPath, ['--expose-gc', me, ...args], { encoding: 'utf8' });
    process.stdout.write(child.stdout);
    process.stderr.write(child.stderr);
    return JSON.parse(child.stdout.trim().split('\n').at(-1).replace(/^result /, ''));
  };
  console.log('At 8 a minute, weekdays 09:00–17:00 in each zone (a bigger list also runs for more days):');
  const results = ['10000', '100000', '1000000'].map((count) => run(count));
  console.log(`ratio 1M/100k: ${fmt(results[2].ms / results[1].ms, 2)} (the list is 10× larger, its timeline ${fmt(results[2].days / results[1].days, 1)}× longer)`);
  console.log('\nSame timeline, the throttle scaled with the list:');
  for (const [count, perMinute] of [['10000', '8'], ['100000', '80'], ['1000000', '800']]) run(count, perMinute);
  console.log('\nFor comparison, the send-by-send plan on 100k:');
  run('100000', '8', 'plan');
} else {
  const count = Number(size);
  const perMinute = Number(process.argv[3] ?? 8);
  const scenario = scenarioWith(count, perMinute);
  globalThis.gc?.();
  const baselineMiB = process.memoryUsage().rss / 1024 / 1024;
  if (process.argv[4] === 'plan') {
    const started = performance.now();
    let sends = 0;
    for (const _ of plan(scenario)) sends += 1;
    const ms = performance.now() - started;
    console.log(`plan ${fmt(count, 0).padStart(9)} recipients: ${fmt(ms, 0)} ms for ${sends} sends`);
    console.log(`result ${JSON.stringify({ ms })}`);
  } else {
    // The first call also groups the rows by zone (remembered per recipients array).
    const coldStart = performance.now();
    project(scenario);
    const coldMs = performance.now() - coldStart;
    const ms = medianMs(() => project(scenario), 9);
    // Back to back, without the forced full collection medianMs makes before each run.
    const loopStart = performance.now();
    for (let i = 0; i < 10; i += 1) project(scenario);
    const loopMs = (performance.now() - loopStart) / 10;
    const projection = project(scenario);
    const list = projection.lists[0];
    const projectionMiB = peakRssMiB() - baselineMiB;
    console.log(
      `project ${fmt(count, 0).padStart(9)} recipients at ${String(perMinute).padStart(3)}/min: median ${fmt(ms, 2).padStart(6)} ms, ` +
        `back to back ${fmt(loopMs, 2).padStart(6)} ms ` +
        `(first call ${fmt(coldMs, 1)} ms), peak memory above the loaded scenario ${fmt(Math.max(0, projectionMiB), 0)} MiB — ` +
        `${list.sent}/${list.total} over ${projection.days.length} days`
    );
    console.log(`result ${JSON.stringify({ ms, days: projection.days.length })}`);
  }
}
