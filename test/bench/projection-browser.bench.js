// The projection playground in Chromium: time from changing the throttle or an end date to the
// sentence and both charts showing the new projection, for 100k and 1M recipients in 5 zones.
// Targets: one frame (16 ms) for 100k, 50 ms for 1M. Printed, not asserted.
//
// Serves the production build (`build/`, made with `vite build` when missing or stale) on 127.0.0.1, port
// BENCH_PORT or one the system picks. Needs Debian's Chromium at /usr/bin/chromium.
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { fmt } from './measure.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const chromiumPath = '/usr/bin/chromium';
const runs = 15;
// Changes before the timed ones: the first few run core's projection before the JIT has compiled it.
const warmUps = 10;

if (!fs.existsSync(chromiumPath)) {
  console.error(`This benchmark needs Debian's Chromium at ${chromiumPath}; install it with \`apt-get install -y chromium\`.`);
  process.exit(1);
}
const handler = path.join(root, 'build/handler.js');
if (!fs.existsSync(handler) || newestSourceMs() > fs.statSync(handler).mtimeMs) {
  console.log('build/ is missing or older than the sources: running vite build…');
  execFileSync(process.execPath, [path.join(root, 'node_modules/vite/bin/vite.js'), 'build'], { cwd: root, stdio: 'ignore' });
}

const server = await serveBuild();
const browser = await chromium.launch({
  executablePath: chromiumPath,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync']
});
try {
  for (const count of [100_000, 1_000_000]) await measure(count);
} finally {
  await browser.close();
  server.kill('SIGTERM');
}

async function measure(count) {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await page.goto(`${server.origin}/projection`);
  await page.getByRole('heading', { name: 'Projection playground' }).waitFor();
  const loadStart = performance.now();
  // The scenario is written and handed to the file input inside the page: nothing crosses the
  // DevTools connection but the recipient count.
  await page.evaluate((n) => {
    const zones = ['America/New_York', 'America/Chicago', 'America/Denver', 'America/Los_Angeles', 'Pacific/Honolulu'];
    const weekday = [['09:00', '17:00']];
    const recipients = Array.from({ length: n }, (_, row) => ({ phone: `+1212${2_000_000 + row}`, timezone: zones[row % zones.length] }));
    const scenario = {
      campaign: {
        name: 'Benchmark',
        timeZone: 'America/New_York',
        hours: { mon: weekday, tue: weekday, wed: weekday, thu: weekday, fri: weekday, sat: [], sun: [] },
        rate: { messages: 8, perSeconds: 60 },
        message: 'Hi {{name|there}}'
      },
      // An end date too soon for either size, so that each change also searches for what would fix it.
      lists: [{ id: 'big', fileName: 'big.csv', createdAt: '2027-01-01T00:00:00Z', startAfter: '2027-01-04T14:00:00Z', endBefore: '2027-01-15T22:00:00Z', recipients }]
    };
    const transfer = new DataTransfer();
    transfer.items.add(new File([JSON.stringify(scenario)], 'big.json', { type: 'application/json' }));
    const input = document.getElementById('scenario-file');
    input.files = transfer.files;
    input.dispatchEvent(new Event('change', { bubbles: true }));
  }, count);
  await page.locator('.projection-panel[data-updated-at]').waitFor({ timeout: 600_000 });
  console.log(`${fmt(count, 0)} recipients in 5 zones: loaded and first projected in ${fmt((performance.now() - loadStart) / 1000, 1)} s`);

  const throttle = await timeChanges(page, '#throttle-messages', (i) => String(9 + (i % 3)));
  const end = await timeChanges(page, '#end-big', (i) => `2027-01-${String(14 + (i % 3)).padStart(2, '0')}T17:00`);
  const target = count <= 100_000 ? 16 : 50;
  for (const [what, times] of [['throttle', throttle], ['end date', end]]) {
    const update = times.map((t) => t.updateMs).sort((a, b) => a - b);
    const frame = times.map((t) => t.frameMs).sort((a, b) => a - b);
    console.log(
      `  change of ${what.padEnd(8)}: to sentence and charts updated median ${fmt(median(update), 1)} ms (worst ${fmt(update.at(-1), 1)}), ` +
        `to the next frame median ${fmt(median(frame), 1)} ms — target ${target} ms; the very first change ${fmt(times.first.updateMs, 1)} ms`
    );
  }
  console.log(`  sentence: ${await page.locator('.advice p').textContent()}`);
  await page.close();
}

/** Sets the field `warmUps + runs` times and times each change inside the page; the first is kept apart. */
async function timeChanges(page, selector, valueOf) {
  const times = [];
  let first = null;
  for (let i = 0; i < warmUps + runs; i += 1) {
    const time = await page.evaluate(
      async ({ selector, value }) => {
        const input = document.querySelector(selector);
        const panel = document.querySelector('.projection-panel');
        const before = panel.getAttribute('data-updated-at');
        const startMs = performance.now();
        input.value = value;
        input.dispatchEvent(new Event('input', { bubbles: true }));
        // Svelte applies the change in microtasks, which all run before the next frame.
        await new Promise((resolve) => requestAnimationFrame(resolve));
        const frameMs = performance.now() - startMs;
        const after = panel.getAttribute('data-updated-at');
        if (after === before) throw new Error(`setting ${selector} to ${value} did not update the projection`);
        return { updateMs: Number(after) - startMs, frameMs };
      },
      { selector, value: valueOf(i) }
    );
    if (i === 0) first = time;
    if (i >= warmUps) times.push(time);
  }
  return Object.assign(times, { first });
}

function median(sorted) {
  return sorted[Math.floor(sorted.length / 2)];
}

function newestSourceMs() {
  let newest = 0;
  for (const folder of ['core', 'adapters', 'playground']) {
    for (const entry of fs.readdirSync(path.join(root, folder), { recursive: true, withFileTypes: true })) {
      if (entry.isFile()) newest = Math.max(newest, fs.statSync(path.join(entry.parentPath, entry.name)).mtimeMs);
    }
  }
  return newest;
}

/** adapter-node's handler on 127.0.0.1, in a child process; resolves once it listens. */
async function serveBuild() {
  const script = `
    import http from 'node:http';
    const { handler } = await import(process.argv[1]);
    const server = http.createServer(handler);
    server.listen(Number(process.argv[2]), '127.0.0.1', () => console.log('listening ' + server.address().port));`;
  const child = spawn(process.execPath, ['--input-type=module', '-e', script, path.join(root, 'build/handler.js'), process.env.BENCH_PORT ?? '0'], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'inherit']
  });
  for await (const line of createInterface({ input: child.stdout })) {
    const match = /^listening (\d+)$/.exec(line);
    if (match) return Object.assign(child, { origin: `http://127.0.0.1:${match[1]}` });
  }
  throw new Error('the built app exited before listening');
}
