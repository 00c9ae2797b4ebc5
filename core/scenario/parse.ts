import { describeIssues, ScenarioError } from './errors.js';
import type { Recipient, RecipientList, Scenario } from './scenario.js';
import { scenarioFileSchema, type ScenarioFile } from './schema.js';

/** Recipients read from a list's `csv` file, with their own zone or null for the campaign's. */
export type CsvRecipient = Omit<Recipient, 'timeZone'> & { timeZone: string | null };

export interface ParseOptions {
  /**
   * Reads a list's `csv` (a path relative to the scenario). Core does no I/O, so whoever holds
   * the files provides this; throw an Error to refuse the file, its message is shown.
   */
  loadCsv?: (path: string, context: { campaignTimeZone: string }) => CsvRecipient[];
}

export type ParseResult = { ok: true; scenario: Scenario } | { ok: false; issues: string[] };

/** Validates a scenario (JSON text or an already parsed value); never throws for bad input. */
export function safeParseScenario(input: unknown, options: ParseOptions = {}): ParseResult {
  let json = input;
  if (typeof input === 'string') {
    try {
      json = JSON.parse(input);
    } catch (error) {
      return { ok: false, issues: [`the scenario is not valid JSON: ${error instanceof Error ? error.message : String(error)}`] };
    }
  }
  const parsed = scenarioFileSchema.safeParse(json);
  if (!parsed.success) return { ok: false, issues: describeIssues(parsed.error) };
  return resolveLists(parsed.data, options);
}

/** Validates a scenario, or throws a ScenarioError whose message names the field. */
export function parseScenario(input: unknown, options: ParseOptions = {}): Scenario {
  const result = safeParseScenario(input, options);
  if (!result.ok) throw new ScenarioError(result.issues);
  return result.scenario;
}

function resolveLists(file: ScenarioFile, options: ParseOptions): ParseResult {
  const issues: string[] = [];
  const campaignTimeZone = file.campaign.timeZone;
  const lists: RecipientList[] = file.lists.map((list, index) => {
    let recipients: Recipient[] = [];
    if (list.recipients !== undefined) {
      const firstRow = new Map<string, number>();
      list.recipients.forEach((recipient, row) => {
        const first = firstRow.get(recipient.phone);
        if (first === undefined) firstRow.set(recipient.phone, row);
        else issues.push(`lists[${index}].recipients[${row}].phone: ${recipient.phone} is already recipients[${first}]; a list texts each phone once`);
      });
      // Rows the schema just made are ours: only those without a zone of their own are copied.
      recipients = list.recipients.map((r) => (r.timeZone === null ? { ...r, timeZone: campaignTimeZone } : (r as Recipient)));
    } else if (list.csv !== undefined) {
      if (options.loadCsv === undefined) {
        issues.push(`lists[${index}].csv: CSV files cannot be read here; give the recipients inline`);
      } else {
        try {
          recipients = options.loadCsv(list.csv, { campaignTimeZone }).map((r) => ({ ...r, timeZone: r.timeZone ?? campaignTimeZone }));
        } catch (error) {
          issues.push(`lists[${index}].csv: ${error instanceof Error ? error.message : String(error)}`);
        }
      }
    }
    return {
      id: list.id,
      fileName: list.fileName ?? list.csv ?? `${list.id}.csv`,
      createdAt: list.createdAt,
      startAfter: list.startAfter,
      endBefore: list.endBefore,
      recipients
    };
  });
  if (issues.length > 0) return { ok: false, issues };
  return {
    ok: true,
    scenario: { campaign: file.campaign, lists, actions: file.actions, provider: file.provider, until: file.until }
  };
}
