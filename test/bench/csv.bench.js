// Parse and validate a recipients CSV of 100k and 1M rows (name, phone, timezone + two variables),
// from a string and from a stream of 1 MiB byte chunks (size known): median wall time and this process's peak
// memory. The target (issue 3) is a million rows in under 5 s and under 1 GB.
import { parseRecipientsCsv, parseRecipientsCsvStream } from '../../dist/core/recipients/index.js';
import { fmt, medianMs, peakRssMiB } from './measure.js';

const zones = ['America/New_York', 'America/Chicago', 'America/Denver', 'America/Los_Angeles', '', 'Europe/London'];

/** Realistic mix: mostly E.164, some national formats, a few bad numbers and repeats. */
function makeCsv(rows) {
  const lines = ['name,phone,timezone,orderId,store'];
  for (let i = 0; i < rows; i += 1) {
    const n = String(2_000_000 + (i % 8_000_000));
    const area = 212;
    const phone =
      i % 10 === 9 ? `(${area}) ${n.slice(0, 3)}-${n.slice(3)}` : i % 100 === 42 ? '555-12' : `+1${area}${n}`;
    lines.push(`Customer ${i},${phone},${zones[i % zones.length]},ORD-${i},Store ${i % 50}`);
  }
  return lines.join('\n') + '\n';
}

async function* chunksOf(bytes, size = 1024 * 1024) {
  for (let at = 0; at < bytes.length; at += size) yield bytes.subarray(at, at + size);
}

const options = { defaultTimeZone: 'America/New_York', defaultCountry: 'US' };

for (const rows of [100_000, 1_000_000]) {
  const csv = makeCsv(rows);
  const bytes = new TextEncoder().encode(csv);
  let report;
  const stringMs = medianMs(() => {
    report = parseRecipientsCsv(csv, options).report;
  }, rows >= 1_000_000 ? 3 : 5);
  const summary = `${report.usable} usable, ${report.invalid.length} invalid, ${report.duplicates.length} duplicates`;
  console.log(`${rows.toLocaleString('en-US')} rows (${fmt(bytes.length / 1048576)} MiB), string: median ${fmt(stringMs, 0)} ms; ${summary}; peak RSS ${fmt(peakRssMiB(), 0)} MiB`);
  const times = [];
  for (let run = 0; run < 3; run += 1) {
    globalThis.gc?.();
    const start = performance.now();
    // Its size known, as for the browser's File and a file on disk.
    await parseRecipientsCsvStream(chunksOf(bytes), { ...options, sizeBytes: bytes.length });
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  console.log(`${rows.toLocaleString('en-US')} rows, stream of 1 MiB byte chunks (size known): median ${fmt(times[1], 0)} ms; peak RSS ${fmt(peakRssMiB(), 0)} MiB`);
}
