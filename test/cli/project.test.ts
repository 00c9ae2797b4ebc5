import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseScenario, project } from '../../core/index.js';
import { runCli } from '../support/cli.js';

const fixture = (name: string) => join('test/fixtures', name);

function scratchScenario(edit: (scenario: any) => void): string {
  const dir = mkdtempSync(join(tmpdir(), 'proactive-sms-'));
  const scenario = JSON.parse(readFileSync(fixture('december-outreach.json'), 'utf8'));
  edit(scenario);
  const path = join(dir, 'scenario.json');
  writeFileSync(path, JSON.stringify(scenario));
  return path;
}

describe('proactive-sms project', () => {
  it('prints the contract’s JSON with --json, equal to core’s project', async () => {
    const { code, stdout } = await runCli(['project', fixture('december-outreach.json'), '--json']);
    expect(code).toBe(0);
    const scenario = parseScenario(readFileSync(fixture('december-outreach.json'), 'utf8'));
    expect(JSON.parse(stdout)).toEqual(project(scenario));
    expect(JSON.parse(stdout).sends).toBeUndefined();
  });

  it('adds every send with --sends', async () => {
    const { stdout } = await runCli(['project', fixture('december-outreach.json'), '--json', '--sends']);
    const sends = JSON.parse(stdout).sends;
    expect(sends).toHaveLength(13);
    expect(sends[0]).toEqual({ at: '2026-12-01T14:00:00Z', list: 'dec-1', row: 0 });
  });

  it('reads a list from its CSV and tells a person what will happen and what would fix it', async () => {
    const { code, stdout } = await runCli(['project', fixture('spring-sale.json')]);
    expect(code).toBe(0);
    expect(stdout).toContain('Status       Completed — end date reached');
    expect(stdout).toContain('Progress     48/60');
    expect(stdout).toContain('Unreached    12 recipients will not be texted');
    // The web app's sentence (describeAdvice), wrapped under the list.
    expect(stdout).toContain('  Advice       At 1 message every 15 minutes and at most 12 a day in these hours, 60 recipients\n');
    expect(stdout.replace(/\n {15}/g, ' ')).toContain('Raise the daily limit to 15 a day, or end after 17 Mar 14:45. No throttle alone would:');
    expect(stdout).toMatch(/Fri 2027-03-12 +12 +█+/);
  });

  it('refuses a bad scenario with one sentence naming the field, and exit code 2', async () => {
    const path = scratchScenario((s) => (s.campaign.hours.mon = [['17:00', '09:00']]));
    const { code, stdout, stderr } = await runCli(['project', path]);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toBe(`${path}: campaign.hours.mon[0]: close 09:00 must be after open 17:00.\n`);
  });

  it('refuses a missing file, a missing argument and an unknown flag', async () => {
    expect(await runCli(['project', 'nowhere.json'])).toEqual({ code: 2, stdout: '', stderr: 'nowhere.json: no such file; check the path.\n' });
    expect((await runCli(['project'])).stderr).toBe('project: the <scenario> argument is missing; write proactive-sms project <scenario> [--json] [--sends].\n');
    const unknown = await runCli(['project', fixture('december-outreach.json'), '--jsno']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toBe('project: --jsno is not an option; did you mean --json?\n');
  });

  it('names the CSV and its first problems when a list’s file has no usable row', async () => {
    const path = scratchScenario((s) => {
      s.lists[1] = { id: 'bad', csv: 'bad.csv', createdAt: '2026-11-30T15:00:00Z', startAfter: '2026-12-01T14:00:00Z' };
    });
    writeFileSync(join(path, '..', 'bad.csv'), 'name,phone\nAda,12\n');
    const { code, stderr } = await runCli(['project', path]);
    expect(code).toBe(2);
    expect(stderr).toMatch(/lists\[1\]\.csv: bad\.csv: no usable recipient in 1 row: line 2: .*phone "12"/);
  });

  it('says why a list’s CSV file was refused as a whole', async () => {
    const path = scratchScenario((s) => {
      s.lists[1] = { id: 'empty', csv: 'empty.csv', createdAt: '2026-11-30T15:00:00Z', startAfter: '2026-12-01T14:00:00Z' };
    });
    writeFileSync(join(path, '..', 'empty.csv'), 'name,phone\n');
    const { code, stderr } = await runCli(['project', path]);
    expect(code).toBe(2);
    expect(stderr).toMatch(/^.*scenario\.json: lists\[1\]\.csv: .*(no rows|header).*\.\n$/);
  });

  it('works as the installed command: npx proactive-sms project', () => {
    const out = execFileSync(process.execPath, ['bin/proactive-sms.js', 'project', fixture('december-outreach.json')], { encoding: 'utf8' });
    expect(out).toContain('dec-1 (december.csv)');
    const bad = spawnSync(process.execPath, ['bin/proactive-sms.js', 'project', 'nowhere.json'], { encoding: 'utf8' });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toBe('nowhere.json: no such file; check the path.\n');
  });
});

describe('proactive-sms project on a list stopped by an administrator', () => {
  it('shows it as Cancelled, with its progress and who is left out', async () => {
    const { code, stdout } = await runCli(['project', join('test/fixtures', 'world-tour.json')]);
    expect(code).toBe(0);
    expect(stdout).toContain('Status       Cancelled — stopped by an administrator');
    expect(stdout).toContain('Progress     1/3');
    expect(stdout).toContain('Stopped      Mon 2027-03-29 13:00  (2027-03-29T12:00:00Z)');
    expect(stdout).toContain('Unreached    2 recipients will not be texted');
  });
});
