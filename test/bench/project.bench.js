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

const results = [];
console.log('At 8 a minute, weekdays 09:00–17:00 in each zone: the bigger list also runs for more days.');
for (const count of [10_000, 100_000, 1_000_000]) {
  const scenario = scenarioWith(count);
  // The first call also groups the rows by zone (remembered per recipients array).
  const coldStart = performance.now();
  project(scenario);
  const coldMs = performance.now() - coldStart;
  const ms = medianMs(() => project(scenario), 7);
  const projection = project(scenario);
  const list = projection.lists[0];
  results.push({ count, ms });
  console.log(
    `project ${fmt(count, 0).padStart(9)} recipients: median ${fmt(ms, 2).padStart(7)} ms (first call ${fmt(coldMs, 1)} ms) — ${list.status}, ${list.sent}/${list.total}, ` +
      `${projection.days.length} days, last send ${list.lastSendAt}`
  );
}
const [, hundredK, million] = results;
console.log(`ratio 1M/100k: ${fmt(million.ms / hundredK.ms, 2)} (the list is 10× larger, its timeline ${fmt(155 / 17, 1)}× longer)`);

console.log('\nSame timeline, throttle scaled with the list (so every list takes the same days):');
for (const [count, perMinute] of [[10_000, 8], [100_000, 80], [1_000_000, 800]]) {
  const scenario = scenarioWith(count, perMinute);
  const ms = medianMs(() => project(scenario), 7);
  const projection = project(scenario);
  console.log(`project ${fmt(count, 0).padStart(9)} recipients at ${String(perMinute).padStart(3)}/min: median ${fmt(ms, 2).padStart(6)} ms over ${projection.days.length} days`);
}

// The send-by-send plan on 100k, for comparison: what the projection avoids.
const reference = scenarioWith(100_000);
const started = performance.now();
let sends = 0;
for (const _ of plan(reference)) sends += 1;
console.log(`plan (send by send) on 100k: ${fmt(performance.now() - started, 0)} ms for ${sends} sends`);
console.log(`peak RSS: ${fmt(peakRssMiB(), 0)} MiB (includes building the 1M-recipient scenario)`);
