import fc from 'fast-check';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { safeParseScenario } from '../../core/index.js';
import { runCli } from '../support/cli.js';

// Mutations of valid scenarios: wrong types, missing and extra fields, huge and empty values. Every
// one must end as a scenario used (exit 0) or refused in one line (exit 2), never as a crash.

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Path = (string | number)[];

const fixtures = ['december-outreach.json', 'world-tour.json', 'spring-sale.json'].map((name) => ({
  name,
  json: JSON.parse(readFileSync(join('test/fixtures', name), 'utf8')) as Json
}));

/** Every place in a JSON value, the root included. */
function pathsOf(value: Json, path: Path = []): Path[] {
  const here = [path];
  if (Array.isArray(value)) return [...here, ...value.flatMap((item, index) => pathsOf(item, [...path, index]))];
  if (value !== null && typeof value === 'object') return [...here, ...Object.entries(value).flatMap(([key, item]) => pathsOf(item, [...path, key]))];
  return here;
}

const replacement: fc.Arbitrary<Json> = fc.oneof(
  fc.constantFrom<Json>(null, true, false, 0, -1, 1.5, 1e308, -1e308, '', ' ', '24:00', '2026-12-01T14:00:00Z', '-03:00', '+14155550100', [], {}, [[]], { phone: '+1' }),
  fc.string({ maxLength: 20 }),
  fc.integer().map((n) => n as Json),
  fc.constant('x'.repeat(100_000)),
  fc.array(fc.constantFrom<Json>('09:00', '17:00', 1, null), { maxLength: 3 })
);

const extraKey = fc.oneof(fc.constantFrom('timezone', 'tz', 'nmae', 'phnoe', 'hour', 'list', 'csv', 'recipients', '__proto__', 'constructor'), fc.string({ maxLength: 8 }));

type Mutation = { kind: 'replace'; value: Json } | { kind: 'delete' } | { kind: 'add'; key: string; value: Json } | { kind: 'repeat' };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  replacement.map((value) => ({ kind: 'replace' as const, value })),
  fc.constant({ kind: 'delete' as const }),
  fc.record({ key: extraKey, value: replacement }).map(({ key, value }) => ({ kind: 'add' as const, key, value })),
  fc.constant({ kind: 'repeat' as const })
);

/** A copy of `root` with one mutation applied at `path`. */
function mutate(root: Json, path: Path, change: Mutation): Json {
  const copy = structuredClone(root);
  if (path.length === 0) return change.kind === 'replace' ? change.value : copy;
  const parent = path.slice(0, -1).reduce<Json>((at, key) => (at as Record<string | number, Json>)[key]!, copy) as Record<string | number, Json> | Json[];
  const key = path.at(-1)!;
  const target = (parent as Record<string | number, Json>)[key]!;
  if (change.kind === 'replace') (parent as Record<string | number, Json>)[key] = change.value;
  else if (change.kind === 'delete') {
    if (Array.isArray(parent)) parent.splice(Number(key), 1);
    else delete parent[key];
  } else if (change.kind === 'add' && target !== null && typeof target === 'object' && !Array.isArray(target)) {
    Object.defineProperty(target, change.key, { value: change.value, enumerable: true, writable: true, configurable: true });
  } else if (change.kind === 'repeat' && Array.isArray(parent)) parent.push(structuredClone(target));
  return copy;
}

const mutatedScenario = fc
  .constantFrom(...fixtures)
  .chain((fixture) => {
    const paths = pathsOf(fixture.json);
    return fc.record({ fixture: fc.constant(fixture), path: fc.constantFrom(...paths), change: mutation, second: fc.option(fc.tuple(fc.constantFrom(...paths), mutation)) });
  })
  .map(({ fixture, path, change, second }) => {
    let json = mutate(fixture.json, path, change);
    if (second !== null) {
      try {
        json = mutate(json, second[0], second[1]);
      } catch {
        // The first mutation removed the second's path: one mutation it is.
      }
    }
    return { name: fixture.name, json };
  });

const dir = mkdtempSync(join(tmpdir(), 'proactive-sms-fuzz-'));
for (const csv of ['spring-sale.csv', 'world-tour.csv']) writeFileSync(join(dir, csv), readFileSync(join('test/fixtures', csv)));

describe('fuzzing the scenario parser and the CLI', () => {
  it('the parser answers every mutated scenario with a scenario or sentences, and never throws', () => {
    fc.assert(
      fc.property(mutatedScenario, ({ json }) => {
        const result = safeParseScenario(json, { loadCsv: () => ({ recipients: [], report: emptyImport }) });
        if (!result.ok) {
          expect(result.issues.length).toBeGreaterThan(0);
          for (const issue of result.issues) expect(issue).toMatch(/^\S.*\S$/s);
        }
      }),
      { numRuns: 400 }
    );
  });

  it('project and simulate end every mutated scenario in exit 0, or exit 2 with one line and no stack', async () => {
    await fc.assert(
      fc.asyncProperty(mutatedScenario, fc.constantFrom('project', 'project --json', 'simulate --json'), async ({ json }, command) => {
        const path = join(dir, 'scenario.json');
        writeFileSync(path, JSON.stringify(json));
        const { code, stdout, stderr } = await runCli([...command.split(' '), path], dir);
        expect([0, 2]).toContain(code);
        expect(stderr).not.toMatch(/\n\s+at |Error:/);
        if (code === 2) {
          expect(stdout).toBe('');
          expect(stderr).toMatch(/^[^\n]+\n$/);
          expect(stderr.startsWith(`${path}: `)).toBe(true);
        } else {
          for (const line of stderr.split('\n').filter((l) => l !== '')) expect(line.startsWith(`${path}: warning: `)).toBe(true);
        }
      }),
      { numRuns: 120 }
    );
  }, 120_000);
});

// Command lines a hurried person might type: commands, options and values in any order.
const token = fc.oneof(
  fc.constantFrom('project', 'simulate', 'check-csv', 'projet', '--json', '--jsn', '--sends', '--until', '--until=', '--time-zone', '--time-zone=-03:00',
    '--country', 'US', 'usa', '-h', '-x', '--', '-', 'scenario.json', 'spring-sale.csv', 'missing.json', '2027-01-31T00:00:00Z', 'tomorrow', 'America/New_York', ''),
  fc.string({ maxLength: 6 })
);

describe('fuzzing the command line itself', () => {
  it('any command line ends in exit 0 or 1, or exit 2 with one line, and never a stack', async () => {
    writeFileSync(join(dir, 'scenario.json'), JSON.stringify(fixtures[0]!.json));
    await fc.assert(
      fc.asyncProperty(fc.array(token, { maxLength: 5 }), async (args) => {
        const { code, stderr } = await runCli(args, dir);
        expect([0, 1, 2]).toContain(code);
        expect(stderr).not.toMatch(/\n\s+at |Error:/);
        if (code === 2) expect(stderr).toMatch(/^[^\n]+\n$/);
      }),
      { numRuns: 150 }
    );
  }, 120_000);
});

const emptyImport = { rows: 1, usable: 0, duplicates: [], invalid: [], warnings: [], fileError: null, columns: null };
