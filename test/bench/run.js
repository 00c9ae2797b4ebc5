// Runs every benchmark (test/bench/*.bench.js), each in its own process so that its peak memory
// is its own. `npm run bench -- project` runs only those whose file name contains "project".
// Benchmarks import the compiled code from dist/ (npm run bench builds it first) and print
// their figures; nothing here asserts a target, the machines are shared and noisy.
import { readdirSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const filters = process.argv.slice(2);
const files = readdirSync(here)
  .filter((f) => f.endsWith('.bench.js'))
  .filter((f) => filters.length === 0 || filters.some((filter) => f.includes(filter)))
  .sort();

let failed = 0;
for (const file of files) {
  console.log(`\n== ${file}`);
  const result = spawnSync(process.execPath, ['--expose-gc', '--max-old-space-size=8192', join(here, file)], {
    stdio: 'inherit'
  });
  if (result.status !== 0) failed += 1;
}
process.exitCode = failed === 0 ? 0 : 1;
