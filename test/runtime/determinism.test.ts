import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../adapters/cli/main.js';

const december = JSON.parse(readFileSync(new URL('../fixtures/december-outreach.json', import.meta.url), 'utf8'));
const faults = { failureRate: 0.1, transientFailureRate: 0.2, replyRate: 0.4, optOutRate: 0.1, latencyMs: 300, deliveryDelayMs: 60_000, replyDelayMs: 3_600_000 };

async function simulateJson(seed: number, extra: string[] = []): Promise<{ code: number; out: string; err: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'simulate-'));
  writeFileSync(join(dir, 'scenario.json'), JSON.stringify({ ...december, provider: { seed, ...faults } }));
  const out: string[] = [];
  const err: string[] = [];
  const io = { stdout: (t: string) => out.push(t), stderr: (t: string) => err.push(t), cwd: dir, isTTY: false };
  const code = await main(['simulate', 'scenario.json', '--json', ...extra], io);
  return { code, out: out.join(''), err: err.join('') };
}

describe('simulate --json', () => {
  it.each([1, 2, 99])('prints byte-identical JSON for the same seed (seed=%i)', async (seed) => {
    const first = await simulateJson(seed);
    const second = await simulateJson(seed);
    expect(first.code, `seed=${seed}`).toBe(0);
    expect(second.out, `seed=${seed}: two runs differ`).toBe(first.out);
  });

  it('plays another run for another seed, with failures and replies to report', async () => {
    const a = JSON.parse((await simulateJson(1)).out);
    const b = JSON.parse((await simulateJson(2)).out);
    expect(JSON.stringify(b.events), 'seed=1 and seed=2 gave the same events').not.toBe(JSON.stringify(a.events));
    expect(Object.keys(a)).toEqual(['lists', 'progress', 'events', 'report', 'halts']);
    expect(a.report).toMatchObject({ outbound: expect.any(Number), contacts: expect.any(Number), lists: expect.any(Array) });
    expect(a.events[0]).toMatchObject({ at: expect.stringMatching(/Z$/), type: expect.any(String), phone: expect.any(String) });
  });

  it('stops at --until', async () => {
    const { out } = await simulateJson(1, ['--until', '2026-12-01T15:00:00Z']);
    const result = JSON.parse(out);
    expect(result.events.every((e: { at: string }) => e.at <= '2026-12-01T15:00:00Z')).toBe(true);
    expect(result.lists[0].status).toBe('in_progress');
  });

  it('refuses a bad --until with one sentence and exit code 2', async () => {
    const { code, err } = await simulateJson(1, ['--until', 'next tuesday']);
    expect(code).toBe(2);
    expect(err).toBe('simulate: --until "next tuesday" is not an instant; write it as RFC 3339 with an offset, e.g. 2027-01-31T00:00:00Z.\n');
  });
});
