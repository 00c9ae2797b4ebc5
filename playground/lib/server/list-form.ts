import type { Temporal } from 'temporal-polyfill';
import { parseRecipientsCsvBytes, validateTemplate } from '../../../core/recipients/index.js';
import type { CampaignRecord, RecipientRecord } from '../../../core/ports/store.js';
import { instantOfLocal } from '../format/time.js';
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
 * campaign's zone, and the campaign's message must fit the file's columns.
 */
export async function readListForm(form: FormData, campaign: CampaignRecord): Promise<{ ok: true; value: ListInput } | { ok: false; issues: FieldIssues }> {
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

  const startText = String(form.get('startAfter') ?? '');
  const endText = String(form.get('endBefore') ?? '').trim();
  const startAfter = instantOfLocal(startText, campaign.timeZone);
  if (startAfter === null) issues.startAfter = startText === '' ? 'Give the date and time to start sending.' : `“${startText}” is not a date and time such as 2026-12-14T09:00.`;
  const endBefore = endText === '' ? null : instantOfLocal(endText, campaign.timeZone);
  if (endText !== '' && endBefore === null) issues.endBefore = `“${endText}” is not a date and time such as 2026-12-18T17:00.`;
  else if (startAfter !== null && endBefore !== null && endBefore.epochMilliseconds <= startAfter.epochMilliseconds) {
    issues.endBefore = 'The end must come after the start.';
  }
  if (Object.keys(issues).length > 0 || startAfter === null) return { ok: false, issues };
  return { ok: true, value: { fileName, startAfter, endBefore, recipients } };
}
