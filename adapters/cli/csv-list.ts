import { parseRecipientsCsvBytes, type CsvRecipient } from '../../core/index.js';

/**
 * A scenario list's CSV file: its usable rows become the list, as the upload would import them.
 * A file with no usable row is refused with the first reasons, so the scenario names the file.
 */
export function csvListRecipients(bytes: Uint8Array, context: { campaignTimeZone: string }): CsvRecipient[] {
  const { recipients, report } = parseRecipientsCsvBytes(bytes, { defaultTimeZone: context.campaignTimeZone });
  if (report.fileError !== null) throw new Error(report.fileError);
  if (report.usable === 0) {
    const reasons = report.invalid.slice(0, 2).map((row) => `line ${row.line}: ${row.reason}`);
    const why = reasons.length > 0 ? `: ${reasons.join('; ')}` : '';
    throw new Error(`no usable recipient in ${report.rows} row${report.rows === 1 ? '' : 's'}${why}; run "proactive-sms check-csv" on it for the full report`);
  }
  return recipients.map(({ phone, name, timeZone, variables }) => ({ phone, name, timeZone, variables }));
}
