// simulate of a 1,000,000-recipient list (5 zones, 8/min, 5% replies) to completion with the
// in-memory store: wall time, simulated sends per second of wall time, peak memory.
import { performance } from 'node:perf_hooks';
import { fmt, peakRssMiB } from './measure.js';
import { parseScenario } from '../../dist/core/scenario/parse.js';
import { simulate } from '../../dist/adapters/memory/simulation.js';

const recipientCount = Number(process.env.SIMULATE_BENCH_RECIPIENTS ?? 1_000_000);
const zones = ['America/New_York', 'America/Chicago', 'America/Denver', 'America/Los_Angeles', 'Pacific/Honolulu'];
const everyDay = [['08:00', '20:00']];

// Built inside a function so that the raw JSON is garbage once parsed and does not count as ours.
function scenarioOf(count) {
  const recipients = Array.from({ length: count }, (_, i) => ({
    phone: `+1415${String(2_000_000 + i).padStart(7, '0')}`,
    name: `Customer ${i}`,
    timeZone: zones[i % zones.length]
  }));
  return parseScenario({
    campaign: {
      name: 'Bench',
      timeZone: 'America/New_York',
      hours: { mon: everyDay, tue: everyDay, wed: everyDay, thu: everyDay, fri: everyDay, sat: everyDay, sun: everyDay },
      rate: { messages: 8, perSeconds: 60 },
      message: 'Hi {{name}}, your order is ready. Reply STOP to opt out.'
    },
    lists: [
      { id: 'big', fileName: 'big.csv', createdAt: '2026-11-30T15:00:00Z', startAfter: '2026-12-01T13:00:00Z', recipients }
    ],
    // Delivery callbacks arrive at the send instant (deliveryDelayMs 0): each send then costs one
    // clock wake-up, not three; replies come two hours later.
    provider: { seed: 7, replyRate: 0.05, optOutRate: 0.005, deliveryDelayMs: 0, replyDelayMs: 7_200_000 }
  });
}
const scenario = scenarioOf(recipientCount);
const parsePeakMiB = peakRssMiB();

globalThis.gc?.();
const start = performance.now();
const cpuStart = process.cpuUsage();
const result = await simulate(scenario, { events: false });
const wallMs = performance.now() - start;
// CPU of this process (garbage collector threads included): steadier than wall time on a shared machine.
const cpu = process.cpuUsage(cpuStart);
globalThis.gc?.();
// What the finished simulation still holds (store, provider, planner), apart from the peak.
const retainedMiB = process.memoryUsage().heapUsed / 2 ** 20;
const [list] = result.lists;
console.log(`recipients           ${fmt(recipientCount, 0)} (${zones.length} zones, 8/min, 5% replies)`);
console.log(`list                 ${list.status} ${list.sent}/${list.total}, last send ${list.lastSendAt}`);
console.log(`report               ${JSON.stringify({ ...result.report, lists: undefined })}`);
console.log(`wall time            ${fmt(wallMs / 1000, 2)} s`);
console.log(`simulated sends/s    ${fmt(list.sent / (wallMs / 1000), 0)}`);
console.log(`cpu time             ${fmt(cpu.user / 1e6, 2)} s user, ${fmt(cpu.system / 1e6, 2)} s system`);
console.log(`peak memory          ${fmt(peakRssMiB(), 0)} MiB resident (${fmt(parsePeakMiB, 0)} MiB already when parsed)`);
console.log(`heap after the run   ${fmt(retainedMiB, 0)} MiB (the parsed scenario; the store is gone)`);
