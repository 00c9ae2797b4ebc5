import type { Temporal } from 'temporal-polyfill';
import { parseRecipientsCsvBytes, validateTemplate } from '../../../core/recipients/index.js';
import type { CampaignRecord, RecipientRecord } from '../../../core/ports/store.js';
import { readListDates } from '../campaigns/list-dates.js';
import type { FieldIssues } from './form.js';

export interface ListInput {
  fileName: string;
  startAfter: Temporal.Instant;
  endBefore: Temporal.Instant | null;
  recipients: RecipientRecord[];
}

/**
 * The Add Recipients form, checked again on the server whatever the browser said: the file goes
 * through core's importer (the same as the page's worker and the CLI), the dates are read in the
 * campaign's zone as the page reads them (a start already past is now: `readListDates`), and the
 * campaign's message must fit the file's columns.
 */
export async function readListForm(form: FormData, campaign: CampaignRecord, nowMs: number): Promise<{ ok: true; value: ListInput } | { ok: false; issues: FieldIssues }> {
  const issues: FieldIssues = {};
  const file = form.get('file');
  let fileName = '';
  let recipients: RecipientRecord[] = [];
  if (!(file instanceof File) || file.size === 0) {
    issues.file = 'Choose the CSV file of recipients.';
  } else {
    fileName = file.name;
    const imported = parseRecipientsCsvBytes(new Uint8Array(await file.arrayBuffer()), {
      defaultTimeZone: campaign.timeZone,
      defaultCountry: 'US',
      sizeBytes: file.size
    });
    const { report } = imported;
    if (report.fileError !== null) issues.file = `${fileName} cannot be used: ${report.fileError}.`;
    else if (report.usable === 0) issues.file = `${fileName} has no row that can be texted (${report.invalid.length} invalid).`;
    else {
      const template = validateTemplate(campaign.message, report.columns?.variables ?? [], imported.recipients);
      if (template.errors.length > 0) issues.file = `The campaign’s message does not fit ${fileName}: ${template.errors.map((e) => e.message).join(' ')}`;
      recipients = imported.recipients.map(({ phone, name, timeZone, variables }) => ({ phone, name, timeZone, variables }));
    }
  }

  const dates = readListDates(String(form.get('startAfter') ?? ''), String(form.get('endBefore') ?? ''), campaign.timeZone, nowMs);
  if (!dates.ok) Object.assign(issues, dates.issues);
  if (Object.keys(issues).length > 0 || !dates.ok) return { ok: false, issues };
  const { startAfter, endBefore } = dates.value;
  return { ok: true, value: { fileName, startAfter, endBefore, recipients } };
}
