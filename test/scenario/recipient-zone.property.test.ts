import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseRecipientsCsv, parseScenario, project, type Scenario } from '../../core/index.js';
import { scenarioJson } from '../support/scenario-arbitrary.js';

// Every spelling a CSV header may give the time zone column, written as a scenario key.
const zoneKeys = ['timeZone', 'timezone', 'tz', 'TZ', 'time_zone', 'Time Zone', 'zone'] as const;

// A zone as a person may type it: the IANA name in any case, with stray spaces.
const spelling = fc.constantFrom(
  (zone: string) => zone,
  (zone: string) => zone.toLowerCase(),
  (zone: string) => zone.toUpperCase(),
  (zone: string) => ` ${zone} `
);

type ScenarioJson = ReturnType<(typeof scenarioJson)['generate']>['value'];
type Row = { phone: string; timeZone?: string };

/** The same scenario with each recipient's zone under `key`, typed with `write`. */
function withZoneKey(json: ScenarioJson, key: string, write: (zone: string) => string) {
  return {
    ...json,
    lists: json.lists.map((list) => ({
      ...list,
      recipients: (list.recipients as Row[]).map(({ phone, timeZone }) => (timeZone === undefined ? { phone } : { phone, [key]: write(timeZone) }))
    }))
  };
}

/** The same scenario with each list given as a CSV file whose zone column is headed `header`. */
function throughCsv(json: ScenarioJson, header: string, write: (zone: string) => string): Scenario {
  const files = new Map<string, string>();
  const lists = json.lists.map(({ recipients, ...list }) => {
    const rows = (recipients as Row[]).map(({ phone, timeZone }) => `${phone},${timeZone === undefined ? '' : write(timeZone)}`);
    files.set(list.fileName, [`phone,${header}`, ...rows].join('\n'));
    return { ...list, csv: list.fileName };
  });
  return parseScenario(
    { ...json, lists },
    { loadCsv: (path, { campaignTimeZone }) => parseRecipientsCsv(files.get(path)!, { defaultTimeZone: campaignTimeZone }) }
  );
}

const zonesOf = (scenario: Scenario) => scenario.lists.map((list) => list.recipients.map((r) => [r.phone, r.timeZone]));

describe('a recipient’s time zone', () => {
  it('is the same under timeZone, timezone, tz or any CSV spelling, inline or through a CSV, and so is every send', () => {
    fc.assert(
      fc.property(scenarioJson, fc.constantFrom(...zoneKeys), spelling, (json, key, write) => {
        const reference = parseScenario(json);
        const inline = parseScenario(withZoneKey(json, key, write));
        const csv = throughCsv(json, key, write);
        expect(zonesOf(inline)).toEqual(zonesOf(reference));
        expect(zonesOf(csv)).toEqual(zonesOf(reference));
        const sends = project(reference, { sends: true });
        expect(project(inline, { sends: true })).toEqual(sends);
        expect(project(csv, { sends: true }).sends).toEqual(sends.sends);
      }),
      { numRuns: 60 }
    );
  });
});
