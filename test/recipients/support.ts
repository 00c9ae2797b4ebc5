import { parseRecipientsCsv, type RecipientsCsvOptions } from '../../core/recipients/index.js';

export const campaign: RecipientsCsvOptions = { defaultTimeZone: 'America/New_York', defaultCountry: 'US' };

/** Imports the lines given, joined by LF: tests read like the file they describe. */
export function importLines(...lines: string[]) {
  return parseRecipientsCsv(lines.join('\n'), campaign);
}
