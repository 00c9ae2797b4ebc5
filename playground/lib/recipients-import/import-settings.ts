import { isCountryCode, resolveTimeZone, type CountryCode } from '../../../core/recipients/index.js';
import type { FieldIssue, ImportSettingsInput } from './worker-messages.js';

export interface ImportSettings {
  country: CountryCode;
  timeZone: string;
}

/**
 * The form's country and time zone, checked before a byte of the file is read: core throws on a
 * zone that is not IANA (a caller's mistake there), and here it is a person's typing.
 */
export function readImportSettings(input: ImportSettingsInput): { ok: true; settings: ImportSettings } | { ok: false; issues: FieldIssue[] } {
  const issues: FieldIssue[] = [];
  const country = input.country.trim().toUpperCase();
  if (!isCountryCode(country)) {
    const shown = input.country.trim() === '' ? 'an empty country' : `"${input.country.trim()}"`;
    issues.push({ field: 'country', message: `Default country: ${shown} is not an ISO 3166 country code such as US or GB.` });
  }
  const zone = resolveTimeZone(input.timeZone);
  if (!zone.ok) {
    const reason = input.timeZone.trim() === '' ? 'give an IANA time zone name such as America/New_York' : zone.reason;
    issues.push({ field: 'timeZone', message: `Time zone: ${reason}.` });
  }
  if (!isCountryCode(country) || !zone.ok) return { ok: false, issues };
  return { ok: true, settings: { country, timeZone: zone.timeZone } };
}
