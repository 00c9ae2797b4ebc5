// The SQLite store under the worker's per-send load, on disk: for 100k recipients, a claim, a
// finish (`sent`, with its timeline line) and two delivery reports per send, each its own
// transaction as the runtime makes them. Target (issue 9): at least 5,000 sends per second, so
// that the store never limits a campaign. Also: adding a list of 1M recipients (one transaction).
// Printed as openSqliteDatabase sets the connection (synchronous = NORMAL, each claim synced to
// disk) on tmpfs, where a sync costs nothing (the store's own cost per send), and on the disk
// under os.tmpdir() (bound by how fast that disk syncs), and with `syncClaims: false`.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Temporal } from 'temporal-polyfill';
import { createSqliteStore, openSqliteDatabase } from '../../dist/adapters/sqlite/index.js';
import { OutboundLine } from '../../dist/core/campaign/timeline-lines.js';
import { fmt, peakRssMiB } from './measure.js';

const day = [['00:00', '24:00']];
const campaign = {
  id: 'c1',
  name: 'Bench',
  timeZone: 'America/New_York',
  hours: { mon: day, tue: day, wed: day, thu: day, fri: day, sat: day, sun: day },
  rate: { messages: 100, perSeconds: 1 },
  dailyLimit: null,
  message: 'Hello {{name}}, your order {{orderId}} is ready.',
  halted: null
};
const at = Temporal.Instant.from('2026-03-02T10:00:00Z');
const list = (id) => ({ id, campaignId: 'c1', fileName: `${id}.csv`, createdAt: at, startAfter: at, endBefore: null, stoppedAt: null });
const people = (count) =>
  Array.from({ length: count }, (_, i) => ({
    phone: `+1212${String(2_000_000 + i)}`,
    name: `Customer ${i}`,
    timeZone: 'America/New_York',
    variables: { name: `Customer ${i}`, orderId: `ORD-${i}` }
  }));

async function sends(base, count, syncClaims) {
  const folder = mkdtempSync(join(base, 'sqlite-bench-'));
  const db = openSqliteDatabase(join(folder, 'bench.db'));
  const store = createSqliteStore(db, { syncClaims });
  await store.saveCampaign(campaign);
  const recipients = people(count);
  await store.addList(list('l1'), recipients);
  const t0 = at.epochMilliseconds;
  const lease = { name: 'sender', holder: 'w1' };
  await store.acquireLease(lease.name, lease.holder, t0, 365 * 86_400_000);
  const cpu0 = process.resourceUsage();
  const start = performance.now();
  for (let row = 0; row < count; row += 1) {
    const phone = recipients[row].phone;
    const atMs = t0 + row * 10;
    const body = `Hello Customer ${row}, your order ORD-${row} is ready.`;
    const claimed = await store.claim({ id: `a${row}`, campaignId: 'c1', listId: 'l1', row, phone, body, atMs }, lease);
    if (claimed !== 'claimed') throw new Error(`row ${row}: ${claimed}`);
    const providerId = `SM${row}`;
    await store.finishAttempt(`a${row}`, {
      result: { outcome: 'sent', providerId, status: 'queued' },
      recipientState: 'sent',
      timeline: new OutboundLine(atMs, phone, 'c1', 'Bench', 'l1', 'l1.csv', body, providerId),
      optOutAtMs: null
    });
    await store.applyDelivery({ providerId, status: 'sent', atMs: atMs + 1, errorCode: null });
    await store.applyDelivery({ providerId, status: 'delivered', atMs: atMs + 2, errorCode: null });
  }
  const seconds = (performance.now() - start) / 1000;
  const cpu1 = process.resourceUsage();
  const cpuUsPerSend = (cpu1.userCPUTime - cpu0.userCPUTime + cpu1.systemCPUTime - cpu0.systemCPUTime) / count;
  const counts = await store.listCounts('l1');
  if (counts.states.sent !== count) throw new Error(`expected ${count} sent, found ${counts.states.sent}`);
  db.close();
  rmSync(folder, { recursive: true, force: true });
  return { perSecond: count / seconds, cpuUsPerSend };
}

async function addMillion() {
  const folder = mkdtempSync(join(tmpdir(), 'sqlite-bench-'));
  const db = openSqliteDatabase(join(folder, 'bench.db'));
  const store = createSqliteStore(db);
  await store.saveCampaign(campaign);
  const recipients = people(1_000_000);
  const start = performance.now();
  await store.addList(list('big'), recipients);
  const addMs = performance.now() - start;
  const readStart = performance.now();
  const states = await store.recipientStates('big');
  const statesMs = performance.now() - readStart;
  db.close();
  rmSync(folder, { recursive: true, force: true });
  return { addMs, statesMs, read: states.length };
}

const runs = [
  ['/dev/shm', 100_000, 'tmpfs, claims synced (the default)', true],
  // Fewer: each send waits for the disk.
  [tmpdir(), 10_000, `disk (${tmpdir()}), claims synced (the default)`, true],
  [tmpdir(), 100_000, `disk (${tmpdir()}), syncClaims: false (synced at checkpoints only)`, false]
];
for (const [base, count, what, syncClaims] of runs) {
  const { perSecond, cpuUsPerSend } = await sends(base, count, syncClaims);
  // CPU time per send as well: on a shared machine the wall-clock rate mostly measures the others.
  console.log(
    `${count.toLocaleString('en-US')} sends (claim + finish + 2 delivery reports), ${what}: ${fmt(perSecond, 0)} sends/s; ` +
      `CPU ${fmt(cpuUsPerSend, 0)} µs per send (${fmt(1e6 / cpuUsPerSend, 0)} sends/s on a free core); peak RSS ${fmt(peakRssMiB(), 0)} MiB`
  );
}
const big = await addMillion();
console.log(`addList of 1,000,000 recipients: ${fmt(big.addMs, 0)} ms; recipientStates of it: ${fmt(big.statesMs, 0)} ms; peak RSS ${fmt(peakRssMiB(), 0)} MiB`);
