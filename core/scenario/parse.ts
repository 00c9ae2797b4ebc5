import { Temporal } from 'temporal-polyfill';
import type { Recipient, RecipientsImport } from '../recipients/types.js';
import { describeIssues, ScenarioError } from './errors.js';
import { InlineRecipientsReader } from './inline-recipients.js';
import { checkCampaignMessage } from './message-check.js';
import type { RecipientList, Scenario } from './scenario.js';
import { scenarioFileSchema, type ScenarioFile } from './schema.js';

export interface ParseOptions {
  /**
   * Reads a list's `csv` (a path relative to the scenario) through the product's CSV import
   * (`parseRecipientsCsvBytes` with the campaign's zone as the default). Core does no I/O, so
   * whoever holds the files provides this; throw an Error to refuse the file, its message is shown.
   */
  loadCsv?: (path: string, context: { campaignTimeZone: string }) => RecipientsImport;
}

export type ParseResult =
  | { ok: true; scenario: Scenario; /** Worth a look but not refused, each starting with its field path. */ warnings: string[] }
  | { ok: false; issues: string[] };

/** Validates a scenario (JSON text or an already parsed value); never throws for bad input. */
export function safeParseScenario(input: unknown, options: ParseOptions = {}): ParseResult {
  let json = input;
  if (typeof input === 'string') {
    try {
      json = JSON.parse(input);
    } catch (error) {
      return { ok: false, issues: [`the scenario is not valid JSON (${error instanceof Error ? error.message : String(error)}); fix its syntax`] };
    }
  }
  const parsed = scenarioFileSchema.safeParse(json);
  if (!parsed.success) return { ok: false, issues: describeIssues(parsed.error, scenarioFileSchema, json) };
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
  const warnings: string[] = [];
  const campaignTimeZone = file.campaign.timeZone;
  const inline = new InlineRecipientsReader(campaignTimeZone, file.campaign.message);
  const lists: RecipientList[] = file.lists.map((list, index) => {
    const where = `lists[${index}]`;
    let recipients: Recipient[] = [];
    let imported: RecipientsImport | undefined;
    if (list.recipients !== undefined) {
      recipients = inline.read(list.recipients, `${where}.recipients`, issues, warnings);
    } else if (list.csv !== undefined) {
      imported = importCsv(list.csv, `${where}.csv`, campaignTimeZone, options, issues);
      recipients = imported?.recipients ?? [];
    }
    return {
      id: list.id,
      fileName: list.fileName ?? list.csv ?? `${list.id}.csv`,
      createdAt: list.createdAt,
      startAfter: list.startAfter,
      endBefore: list.endBefore,
      recipients,
      ...(imported === undefined ? {} : { import: imported.report })
    };
  });
  if (file.campaign.message.trim() === '') warnings.push('campaign.message is empty; every recipient would get an empty SMS');
  if (issues.length === 0) {
    const message = checkCampaignMessage(file.campaign.message, lists);
    issues.push(...message.errors);
    warnings.push(...message.warnings);
  }
  if (file.until !== null && lists.length > 0 && lists.every((list) => Temporal.Instant.compare(list.startAfter, file.until!) >= 0)) {
    warnings.push(`until: ${file.until.toString()} is not after any list's startAfter; nothing will be sent`);
  }
  if (issues.length > 0) return { ok: false, issues };
  return {
    ok: true,
    scenario: { campaign: file.campaign, lists, actions: file.actions, provider: file.provider, until: file.until },
    warnings
  };
}

function importCsv(path: string, where: string, campaignTimeZone: string, options: ParseOptions, issues: string[]): RecipientsImport | undefined {
  if (options.loadCsv === undefined) {
    issues.push(`${where}: CSV files cannot be read here; give the recipients inline`);
    return undefined;
  }
  let imported: RecipientsImport;
  try {
    imported = options.loadCsv(path, { campaignTimeZone });
  } catch (error) {
    issues.push(`${where}: ${path}: ${error instanceof Error ? error.message : String(error)}`);
    return undefined;
  }
  const { report } = imported;
  if (report.fileError !== null) {
    issues.push(`${where}: ${path}: ${report.fileError}`);
  } else if (report.usable === 0) {
    const reasons = report.invalid.slice(0, 2).map((row) => `line ${row.line}: ${row.reason}`);
    const why = reasons.length > 0 ? `: ${reasons.join('; ')}` : '';
    issues.push(`${where}: ${path}: no usable recipient in ${report.rows} row${report.rows === 1 ? '' : 's'}${why}; run "proactive-sms check-csv" on it for the full report`);
  }
  return imported;
}
