import { describe, expect, it } from 'vitest';
import { main } from '../../adapters/cli/main.js';

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return {
    io: { stdout: (t: string) => out.push(t), stderr: (t: string) => err.push(t), cwd: process.cwd(), isTTY: false },
    out: () => out.join(''),
    err: () => err.join('')
  };
}

describe('the CLI entry point', () => {
  it('refuses an unknown command with one sentence and exit code 2', async () => {
    const c = capture();
    expect(await main(['frobnicate'], c.io)).toBe(2);
    expect(c.err()).toBe('proactive-sms: "frobnicate" is not a command; run "proactive-sms --help" to see the commands.\n');
  });

  it('prints usage for --help', async () => {
    const c = capture();
    expect(await main(['--help'], c.io)).toBe(0);
    expect(c.out()).toContain('Usage: proactive-sms <command>');
  });
});

describe('help for one command', () => {
  it('prints the command’s usage for --help instead of running it', async () => {
    const c = capture();
    expect(await main(['project', '--help'], c.io)).toBe(0);
    expect(c.out()).toBe('Usage: proactive-sms project <scenario> [--json] [--sends]\n  When each list will finish and who would be left out, with an ideal provider.\n');
  });
});
