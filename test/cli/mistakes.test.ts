import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';

// Mistakes a person makes with the command line, each with the one sentence it must get and the
// exit code. None of them may text anyone at a time they did not choose: each is refused (exit 2,
// one line on stderr) or used with a warning that says what will happen.

type Json = Record<string, any>;

const fixture = (name: string): Json => JSON.parse(readFileSync(join('test/fixtures', name), 'utf8'));

/** December outreach (two inline lists, dec-1 and dec-vip), changed by `edit`. */
function outreach(edit: (s: Json) => void): Json {
  const scenario = fixture('december-outreach.json');
  edit(scenario);
  return scenario;
}

/** The spring sale, its list read from `file`. */
function springFrom(file: string, edit: (s: Json) => void = () => {}): Json {
  const scenario = fixture('spring-sale.json');
  scenario.lists[0].csv = file;
  edit(scenario);
  return scenario;
}

// An export from a spreadsheet: 6 rows, one invalid, one a duplicate, one without a zone.
const excelCsv = [
  'Name,Mobile,TZ,orderId',
  'Ada,+12125550101,America/New_York,A-1',
  'Bob,555-12,America/Chicago,A-2',
  'Cy,+13125550103,,A-3',
  'Dee,+12125550101,America/New_York,A-4',
  'Eve,+14155550105,America/Los_Angeles,A-5',
  'Fay,+18085550106,Pacific/Honolulu,A-6'
].join('\n');

function versionInPackageJson(): string {
  return (JSON.parse(readFileSync('package.json', 'utf8')) as { version: string }).version;
}

interface Mistake {
  mistake: string;
  /** Written into a fresh folder, the command's working directory; objects as JSON. */
  files?: Record<string, Json | string>;
  args: string[];
  exit: number;
  stderr: string;
  /** Something stdout must hold, when the command went ahead. */
  stdout?: string;
}

const usage = {
  project: 'proactive-sms project <scenario> [--json] [--sends]',
  checkCsv: 'proactive-sms check-csv <file> [--time-zone <IANA>] [--country <ISO 3166>] [--json]'
};

const mistakes: Mistake[] = [
  // From the issue.
  {
    mistake: 'a recipient key a CSV header would use, "timezone", means the time zone (Los Angeles gets its 09:00, not 06:00)',
    files: { 's.json': outreach((s) => (s.lists[0].recipients[1] = { phone: '+14155550102', name: 'Grace', timezone: 'America/Los_Angeles', orderId: 'A-1002' })) },
    args: ['project', 's.json', '--sends'],
    exit: 0,
    stderr: '',
    stdout: 'Tue 2026-12-01 12:00  2026-12-01T17:00:00Z  dec-1  row 1'
  },
  {
    mistake: 'a recipient key one slip from "timeZone"',
    files: { 's.json': outreach((s) => (s.lists[0].recipients[2].timzone = 'America/Chicago')) },
    args: ['project', 's.json'],
    exit: 2,
    stderr: 's.json: lists[0].recipients[2].timzone is not a field; did you mean timeZone?\n'
  },
  {
    mistake: 'a template variable misspelt',
    files: { 's.json': outreach((s) => (s.campaign.message = 'Hi {{nmae}}, ready')) },
    args: ['project', 's.json'],
    exit: 2,
    stderr: 's.json: campaign.message: {{nmae}} is not a column of list dec-1; did you mean {{name}}?\n'
  },
  {
    mistake: 'a template variable some recipients leave empty',
    files: {
      's.json': outreach((s) => {
        s.campaign.message = 'Hi {{name}}, order {{orderId}} is ready.';
        delete s.lists[0].recipients[3].name;
      })
    },
    args: ['project', 's.json'],
    exit: 0,
    stderr: 's.json: warning: campaign.message: {{name}} is empty for 1 of 11 recipients of list dec-1; add a fallback such as {{name|…}}.\n'
  },
  {
    mistake: 'a CSV list with an invalid row and a duplicate: project says so',
    files: { 's.json': springFrom('excel.csv'), 'excel.csv': excelCsv },
    args: ['project', 's.json'],
    exit: 0,
    stderr: '',
    stdout: [
      'spring (excel.csv)',
      '  Imported     6 rows, 4 usable, 1 duplicate, 1 invalid',
      '    line 3: phone "555-12" is not a valid number for US (too short)',
      '    line 5: +12125550101 is already on line 2',
      "    1 row has no time zone and will use the campaign's zone, America/New_York (line 4)"
    ].join('\n')
  },
  {
    mistake: 'a CSV list with an invalid row and a duplicate: project --json says so too',
    files: { 's.json': springFrom('excel.csv'), 'excel.csv': excelCsv },
    args: ['project', 's.json', '--json'],
    exit: 0,
    stderr: '',
    stdout: [
      '      "import": {',
      '        "rows": 6,',
      '        "usable": 4,',
      '        "duplicates": [',
      '          {',
      '            "line": 5,',
      '            "phone": "+12125550101",',
      '            "firstLine": 2',
      '          }',
      '        ],',
      '        "invalid": [',
      '          {',
      '            "line": 3,',
      '            "reason": "phone \\"555-12\\" is not a valid number for US (too short)"',
      '          }',
      '        ],'
    ].join('\n')
  },
  {
    mistake: 'a campaign field in the case a CSV header would have',
    files: { 's.json': outreach((s) => ((s.campaign.timezone = s.campaign.timeZone), delete s.campaign.timeZone)) },
    args: ['project', 's.json'],
    exit: 2,
    stderr: 's.json: campaign.timezone is not a field; did you mean timeZone?\n'
  },
  {
    mistake: 'several problems at once: the first, then the next few',
    files: {
      's.json': outreach((s) => {
        s.campaign.hours.mon = [['17:00', '09:00']];
        s.lists[0].startAfter = 'soon';
        s.lists[1].endBefore = 'later';
        s.actions = [{ at: 'now', stop: 'dec-1' }];
        s.until = 'never';
      })
    },
    args: ['project', 's.json'],
    exit: 2,
    stderr:
      's.json: campaign.hours.mon[0]: close 09:00 must be after open 17:00 (and 4 more problems: lists[0].startAfter: "soon" is not an instant; write it as RFC 3339 with an offset, e.g. 2026-12-01T14:00:00Z; lists[1].endBefore: "later" is not an instant; write it as RFC 3339 with an offset, e.g. 2026-12-01T14:00:00Z; actions[0].at: "now" is not an instant; write it as RFC 3339 with an offset, e.g. 2026-12-01T14:00:00Z; and 1 other).\n'
  },
  {
    mistake: 'a list’s CSV file misspelt',
    files: { 's.json': springFrom('spring-sael.csv'), 'spring-sale.csv': excelCsv },
    args: ['project', 's.json'],
    exit: 2,
    stderr: 's.json: lists[0].csv: spring-sael.csv: no such file; did you mean spring-sale.csv?\n'
  },
  {
    mistake: 'an option misspelt',
    files: { 's.json': outreach(() => {}) },
    args: ['project', 's.json', '--jsn'],
    exit: 2,
    stderr: 'project: --jsn is not an option; did you mean --json?\n'
  },
  { mistake: 'asking for the version', args: ['--version'], exit: 0, stderr: '', stdout: `proactive-sms ${versionInPackageJson()}\n` },
  {
    mistake: 'checking a CSV without a campaign zone: no campaign zone is claimed',
    files: { 'excel.csv': excelCsv },
    args: ['check-csv', 'excel.csv'],
    exit: 0,
    stderr: '',
    stdout: '1 row has no time zone and will use the zone of the campaign that sends the list (line 4)'
  },
  {
    mistake: 'a fixed offset as the campaign’s zone',
    files: { 's.json': outreach((s) => (s.campaign.timeZone = '-03:00')) },
    args: ['project', 's.json'],
    exit: 2,
    stderr: 's.json: campaign.timeZone: time zone "-03:00" is a fixed UTC offset; give an IANA name such as America/Sao_Paulo so that daylight saving time is followed.\n'
  },
  {
    mistake: 'a fixed offset as a recipient’s zone',
    files: { 's.json': outreach((s) => (s.lists[0].recipients[0].tz = 'UTC-5')) },
    args: ['project', 's.json'],
    exit: 2,
    stderr: 's.json: lists[0].recipients[0].tz: time zone "UTC-5" is a fixed UTC offset; give an IANA name such as America/New_York so that daylight saving time is followed.\n'
  },
  {
    mistake: 'a zone name misspelt',
    files: { 's.json': outreach((s) => (s.lists[0].recipients[1].timeZone = 'America/Los_Angelos')) },
    args: ['project', 's.json'],
    exit: 2,
    stderr: 's.json: lists[0].recipients[1].timeZone: time zone "America/Los_Angelos" is not an IANA time zone name (did you mean America/Los_Angeles?).\n'
  },
  {
    mistake: 'a fixed offset for check-csv',
    files: { 'excel.csv': excelCsv },
    args: ['check-csv', 'excel.csv', '--time-zone=-03:00'],
    exit: 2,
    stderr: 'check-csv: --time-zone "-03:00" is a fixed UTC offset; give an IANA name such as America/Sao_Paulo so that daylight saving time is followed.\n'
  },
  // Found by trying.
  { mistake: 'no command', args: [], exit: 2, stderr: 'proactive-sms: no command given; run "proactive-sms --help" to see the commands.\n' },
  { mistake: 'a command misspelt', args: ['projet', 's.json'], exit: 2, stderr: 'proactive-sms: "projet" is not a command; did you mean project?\n' },
  { mistake: 'no scenario', args: ['project'], exit: 2, stderr: `project: the <scenario> argument is missing; write ${usage.project}.\n` },
  {
    mistake: 'two scenarios',
    files: { 'a.json': outreach(() => {}) },
    args: ['project', 'a.json', 'b.json'],
    exit: 2,
    stderr: `project: unexpected argument "b.json"; write ${usage.project}.\n`
  },
  {
    mistake: 'the scenario file misspelt',
    files: { 'spring-sale.json': springFrom('excel.csv') },
    args: ['project', 'spring-sael.json'],
    exit: 2,
    stderr: 'spring-sael.json: no such file; did you mean spring-sale.json?\n'
  },
  { mistake: 'a folder for a scenario', files: { 'x/a.json': '{}' }, args: ['project', 'x'], exit: 2, stderr: 'x: is a folder, not a file.\n' },
  {
    mistake: 'a scenario cut short',
    files: { 's.json': '{ "campaign": ' },
    args: ['project', 's.json'],
    exit: 2,
    stderr: 's.json: the scenario is not valid JSON (Unexpected end of JSON input); fix its syntax.\n'
  },
  { mistake: 'a list where the scenario should be', files: { 's.json': '[]' }, args: ['project', 's.json'], exit: 2, stderr: 's.json: the scenario must be a JSON object with "campaign" and "lists".\n' },
  { mistake: 'an empty scenario', files: { 's.json': '{}' }, args: ['project', 's.json'], exit: 2, stderr: 's.json: campaign is required (and 1 more problem: lists is required).\n' },
  {
    mistake: 'a rate field misspelt beyond recognition',
    files: { 's.json': outreach((s) => (s.campaign.rate = { messages: 8, per: 60 })) },
    args: ['project', 's.json'],
    exit: 2,
    stderr: 's.json: campaign.rate.per is not a field; did you mean perSeconds?\n'
  },
  {
    mistake: 'a daily limit in quotes',
    files: { 's.json': outreach((s) => (s.campaign.dailyLimit = '20')) },
    args: ['project', 's.json'],
    exit: 2,
    stderr: 's.json: campaign.dailyLimit: dailyLimit must be a number.\n'
  },
  {
    mistake: 'a weekday written in full',
    files: { 's.json': outreach((s) => (s.campaign.hours.monday = [['09:00', '17:00']])) },
    args: ['project', 's.json'],
    exit: 2,
    stderr: 's.json: campaign.hours.monday is not a field; the fields here are mon, tue, wed, thu, fri, sat, sun.\n'
  },
  {
    mistake: 'a time without its leading zero',
    files: { 's.json': outreach((s) => (s.campaign.hours.mon = [['9:00', '17:00']])) },
    args: ['project', 's.json'],
    exit: 2,
    stderr: 's.json: campaign.hours.mon[0][0]: "9:00" is not a time of day HH:MM (00:00 to 24:00).\n'
  },
  {
    mistake: 'a start date without a time and offset',
    files: { 's.json': outreach((s) => (s.lists[0].startAfter = '2026-12-01')) },
    args: ['project', 's.json'],
    exit: 2,
    stderr: 's.json: lists[0].startAfter: "2026-12-01" is not an instant; write it as RFC 3339 with an offset, e.g. 2026-12-01T14:00:00Z.\n'
  },
  {
    mistake: 'a stop naming a list that does not exist',
    files: { 's.json': outreach((s) => (s.actions = [{ at: '2026-12-02T15:00:00Z', stop: 'dec1' }])) },
    args: ['project', 's.json'],
    exit: 2,
    stderr: 's.json: actions[0].stop: no list has the id "dec1".\n'
  },
  {
    mistake: 'a provider rate in the wrong case',
    files: { 's.json': outreach((s) => (s.provider = { seed: 1, replyrate: 0.5 })) },
    args: ['simulate', 's.json'],
    exit: 2,
    stderr: 's.json: provider.replyrate is not a field; did you mean replyRate?\n'
  },
  {
    mistake: 'a placeholder never closed',
    files: { 's.json': outreach((s) => (s.campaign.message = 'Hi {{name}, ready')) },
    args: ['project', 's.json'],
    exit: 2,
    stderr: 's.json: campaign.message: the placeholder at character 4 is never closed with }}.\n'
  },
  {
    mistake: 'two keys for one phone',
    files: { 's.json': outreach((s) => (s.lists[0].recipients[0].Phone = '+14155550199')) },
    args: ['project', 's.json'],
    exit: 2,
    stderr: 's.json: lists[0].recipients[0]: "phone" and "Phone" both give the phone; keep one.\n'
  },
  {
    mistake: 'a second name-like key is a template variable, as a CSV’s second name-like column is',
    files: {
      's.json': outreach((s) => {
        s.campaign.message = 'Hi {{name}}, {{customer}}';
        for (const recipient of s.lists[0].recipients) recipient.customer = 'welcome back';
        s.lists.pop();
      })
    },
    args: ['project', 's.json'],
    exit: 0,
    stderr: ''
  },
  {
    mistake: 'a duplicate phone under an alias is named by its key',
    files: { 's.json': outreach((s) => (s.lists[1].recipients[1] = { mobile: '+447400123456', name: 'Alan again' })) },
    args: ['project', 's.json'],
    exit: 2,
    stderr: 's.json: lists[1].recipients[1].mobile: +447400123456 is already recipients[0]; a list texts each phone once.\n'
  },
  {
    mistake: 'a recipient without a phone',
    files: { 's.json': outreach((s) => (s.lists[1].recipients[0] = { name: 'Alan', timeZone: 'Europe/London', orderId: 'V-1' })) },
    args: ['project', 's.json'],
    exit: 2,
    stderr: 's.json: lists[1].recipients[0]: no phone; give "phone" (or mobile, phoneNumber, cell…).\n'
  },
  {
    mistake: 'a template variable given as an object',
    files: { 's.json': outreach((s) => (s.lists[0].recipients[0].orderId = { id: 1 })) },
    args: ['project', 's.json'],
    exit: 2,
    stderr: 's.json: lists[0].recipients[0].orderId: must be text or a number, not an object.\n'
  },
  {
    mistake: 'an EST recipient, whose clock never moves for daylight saving time',
    files: { 's.json': outreach((s) => (s.lists[0].recipients[0].tz = 'EST')) },
    args: ['project', 's.json'],
    exit: 0,
    stderr: 's.json: warning: lists[0].recipients: 1 row uses EST, MST or HST, zones that never observe daylight saving time; for local time use a name such as America/New_York.\n'
  },
  {
    mistake: 'a list id written as a number',
    files: { 's.json': outreach((s) => (s.lists[0].id = 1)) },
    args: ['project', 's.json'],
    exit: 2,
    stderr: 's.json: lists[0].id: must be text, not 1.\n'
  },
  {
    mistake: 'a window with only its opening time',
    files: { 's.json': outreach((s) => (s.campaign.hours.mon = [['09:00']])) },
    args: ['project', 's.json'],
    exit: 2,
    stderr: 's.json: campaign.hours.mon[0]: must hold at least 2 items.\n'
  },
  {
    mistake: 'no message',
    files: { 's.json': outreach((s) => delete s.campaign.message) },
    args: ['project', 's.json'],
    exit: 0,
    stderr: 's.json: warning: campaign.message is empty; every recipient would get an empty SMS.\n'
  },
  {
    mistake: 'an until before every list starts',
    files: { 's.json': outreach((s) => (s.until = '2026-11-01T00:00:00Z')) },
    args: ['project', 's.json'],
    exit: 0,
    stderr: "s.json: warning: until: 2026-11-01T00:00:00Z is not after any list's startAfter; nothing will be sent.\n",
    stdout: 'No sends.'
  },
  {
    mistake: 'an --until that is a date',
    files: { 's.json': outreach(() => {}) },
    args: ['simulate', 's.json', '--until', '2026-12-20'],
    exit: 2,
    stderr: 'simulate: --until "2026-12-20" is not an instant; write it as RFC 3339 with an offset, e.g. 2027-01-31T00:00:00Z.\n'
  },
  {
    mistake: 'a value for a flag that takes none',
    files: { 's.json': outreach(() => {}) },
    args: ['project', 's.json', '--json=yes'],
    exit: 2,
    stderr: 'project: --json takes no value; write --json alone.\n'
  },
  {
    mistake: 'an option without its value',
    files: { 'excel.csv': excelCsv },
    args: ['check-csv', 'excel.csv', '--time-zone'],
    exit: 2,
    stderr: 'check-csv: --time-zone needs a value; write --time-zone <value>, or --time-zone=<value> for a value that starts with -.\n'
  },
  {
    mistake: 'an option that belongs to no command here',
    files: { 'excel.csv': excelCsv },
    args: ['check-csv', 'excel.csv', '--tz', 'America/New_York'],
    exit: 2,
    stderr: 'check-csv: --tz is not an option; its options are --time-zone, --country, --json.\n'
  },
  {
    mistake: 'a country written as a word',
    files: { 'excel.csv': excelCsv },
    args: ['check-csv', 'excel.csv', '--country', 'usa'],
    exit: 2,
    stderr: 'check-csv: --country "usa" is not an ISO 3166 country code; give one such as US or GB.\n'
  },
  {
    mistake: 'a CSV that is not there',
    files: { 'excel.csv': excelCsv },
    args: ['check-csv', 'exel.csv'],
    exit: 2,
    stderr: 'exel.csv: no such file; did you mean excel.csv?\n'
  }
];

function folderWith(files: Record<string, Json | string> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'proactive-sms-mistake-'));
  for (const [name, content] of Object.entries(files)) {
    const path = join(dir, name);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content, null, 2));
  }
  return dir;
}

describe('every mistake gets one clear sentence', () => {
  it.each(mistakes.map((m) => [m.mistake, m] as const))('%s', async (_, mistake) => {
    const { code, stdout, stderr } = await runCli(mistake.args, folderWith(mistake.files));
    expect(stderr).toBe(mistake.stderr);
    expect(code).toBe(mistake.exit);
    if (mistake.exit === 2) expect(stdout).toBe('');
    if (mistake.stdout !== undefined) expect(stdout).toContain(mistake.stdout);
  });
});
