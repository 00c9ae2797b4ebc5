import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';

// simulate shows the same counts three times (day by day, per list, in the report): they must be
// the same counts under the same words, and a conversation must read in the order it happened.

const labels = ['sent', 'delivered', 'failed', 'replies', 'contacts', 'opt-outs'] as const;

/** A scenario whose provider answers 5 s after each send, and replies at once: replies race sends. */
function chattyScenario(): string {
  const scenario = JSON.parse(readFileSync('test/fixtures/december-outreach.json', 'utf8'));
  scenario.provider = { seed: 3, replyRate: 1, optOutRate: 0.3, failureRate: 0.2, latencyMs: 5000, deliveryDelayMs: 0, replyDelayMs: 0 };
  const dir = mkdtempSync(join(tmpdir(), 'proactive-sms-counts-'));
  writeFileSync(join(dir, 'chatty.json'), JSON.stringify(scenario));
  return join(dir, 'chatty.json');
}

function countsOf(text: string): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const match of text.matchAll(/(sent|delivered|failed|replies|contacts|opt-outs) (\d+)/g)) counts[match[1]!] = (counts[match[1]!] ?? 0) + Number(match[2]);
  return counts;
}

describe.each([['test/fixtures/december-month.json'], [chattyScenario()]])('simulate %s', (scenario) => {
  it('counts each thing once: the days add up to the report, and a list’s failures are the report’s', async () => {
    const { code, stdout } = await runCli(['simulate', scenario]);
    expect(code).toBe(0);
    const days = stdout.slice(stdout.indexOf('Day by day'), stdout.indexOf('\n\n', stdout.indexOf('Day by day')));
    const reportLine = stdout.split('\n').find((line) => line.startsWith('Report  '))!;
    const report = countsOf(reportLine);
    const summed = countsOf(days);
    for (const label of labels) expect(summed[label] ?? 0, label).toBe(report[label]);
    const listLines = stdout.split('\n').filter((l) => /^ {2}\S+: \S.* \d+\/\d+, \d+ failed/.test(l));
    expect(listLines.length).toBeGreaterThan(0);
    for (const line of listLines) {
      const id = line.trim().split(':')[0]!;
      const listReport = stdout.split('\n').find((l) => l.startsWith(`  ${id}: sent `))!;
      expect(Number(/, (\d+) failed/.exec(line)![1])).toBe(countsOf(listReport).failed);
    }
    expect(stdout).not.toMatch(/refused \d|opted out, /);
  });

  it('prints and returns events in causal order: a message before its statuses and the replies to it', async () => {
    const { stdout } = await runCli(['simulate', scenario, '--json']);
    const events = JSON.parse(stdout).events as { at: string; type: string; phone: string }[];
    const texted = new Set<string>();
    for (const [index, event] of events.entries()) {
      if (index > 0) expect(event.at >= events[index - 1]!.at).toBe(true);
      if (event.type === 'outbound' || event.type === 'refused') texted.add(event.phone);
      else if (event.type !== 'opt_in') expect(texted.has(event.phone), `${event.type} at ${event.at} before the message to ${event.phone}`).toBe(true);
    }
  });
});
