import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { main } from '../../adapters/cli/main.js';

const fixtures = fileURLToPath(new URL('../fixtures/', import.meta.url));

async function run(args: string[], isTTY = false) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(args, { stdout: (t) => out.push(t), stderr: (t) => err.push(t), cwd: fixtures, isTTY });
  return { code, out: out.join(''), err: err.join(''), writes: out.length };
}

describe('proactive-sms simulate', () => {
  it('plays a month of campaign and prints bars, the days, conversations and the report', async () => {
    const { code, out } = await run(['simulate', 'december-month.json']);
    expect(code).toBe(0);
    expect(out).toContain('Campaign time Thu 2026-12-31 19:00 (America/New_York)');
    expect(out).toMatch(/dec-main\s+█+░*\s+\d+\/480\s+Completed/);
    expect(out).toMatch(/dec-late\s+░+\s+0\/2\s+Cancelled/);
    expect(out).toContain('Day by day (America/New_York)');
    expect(out).toMatch(/Tue 2026-12-01 {2}sent 20, delivered 20/);
    expect(out).toMatch(/Conversations \(the first 3 with a reply\)/);
    expect(out).toMatch(/Report {2}sent \d+ · delivered \d+ · failed \d+ · replies \d+ · contacts \d+ · opt-outs \d+/);
  });

  it('redraws the bars day by day on a terminal', async () => {
    const { out, writes } = await run(['simulate', 'december-month.json'], true);
    expect(writes).toBeGreaterThan(30);
    expect(out).toContain('\x1b[4A');
  });

  it('counts fewer Contacts than replies when customers write again within a day', async () => {
    const { out } = await run(['simulate', 'december-month.json', '--json']);
    const { report } = JSON.parse(out);
    expect(report.replies).toBeGreaterThan(report.contacts);
    expect(report.contacts).toBeGreaterThan(0);
  });

  it('names a missing scenario file in one sentence', async () => {
    const { code, err } = await run(['simulate', 'nowhere.json']);
    expect(code).toBe(2);
    expect(err).toBe('nowhere.json: no such file; check the path.\n');
  });

  it('refuses a second scenario', async () => {
    const { code, err } = await run(['simulate', 'a.json', 'b.json']);
    expect(code).toBe(2);
    expect(err).toBe('simulate: unexpected argument "b.json"; write proactive-sms simulate <scenario> [--until <instant>] [--json].\n');
  });
});
