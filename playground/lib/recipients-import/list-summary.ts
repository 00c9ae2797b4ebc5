import {
  countSegments,
  describeSegments,
  renderTemplate,
  validateTemplate,
  type RecipientsImport
} from '../../../core/recipients/index.js';
import type { ImportSettings } from './import-settings.js';
import { PREVIEWS_SENT, ROWS_SENT, type ListSummary, type TemplateCheck } from './worker-messages.js';

export function summariseList(imported: RecipientsImport, file: { name: string; size: number }, settings: ImportSettings): ListSummary {
  const { report } = imported;
  return {
    fileName: file.name,
    sizeBytes: file.size,
    country: settings.country,
    timeZone: settings.timeZone,
    rows: report.rows,
    usable: report.usable,
    invalidCount: report.invalid.length,
    invalid: report.invalid.slice(0, ROWS_SENT),
    duplicateCount: report.duplicates.length,
    duplicates: report.duplicates.slice(0, ROWS_SENT),
    warnings: report.warnings,
    fileError: report.fileError,
    columns: report.columns
  };
}

/** Null when there is nothing to check: no template yet, or a file refused whole. */
export function checkTemplate(template: string, imported: RecipientsImport): TemplateCheck | null {
  const { columns } = imported.report;
  if (template.trim() === '' || columns === null || imported.report.fileError !== null) return null;
  const validation = validateTemplate(template, columns.variables, imported.recipients);
  const previews = imported.recipients.slice(0, PREVIEWS_SENT).map((recipient) => {
    const text = renderTemplate(template, recipient);
    const count = countSegments(text);
    return { line: recipient.line, phone: recipient.phone, name: recipient.name, text, characters: count.characters, segments: describeSegments(count) };
  });
  return {
    errors: validation.errors,
    warnings: validation.warnings,
    previews,
    segments: validation.segments,
    recipients: imported.recipients.length
  };
}
