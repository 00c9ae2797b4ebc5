import {
  PhoneNumber,
  isSupportedCountry,
  parsePhoneNumberFromString,
  validatePhoneNumberLength,
  type CountryCode,
  type NumberType
} from 'libphonenumber-js/max';
import { quote } from './quote.js';

export type PhoneResult =
  | { ok: true; e164: string; /** The number only made sense with a `+` the file did not have. */ addedPlus: boolean }
  | { ok: false; reason: string };

// VoIP and personal numbers take SMS (Google Voice, follow-me numbers); US numbers are all
// FIXED_LINE_OR_MOBILE because the NANP does not tell them apart.
const smsCapable: ReadonlySet<NumberType> = new Set<NumberType>(['MOBILE', 'FIXED_LINE_OR_MOBILE', 'VOIP', 'PERSONAL_NUMBER']);

const typeWords: Partial<Record<NonNullable<NumberType>, string>> = {
  FIXED_LINE: 'a landline',
  TOLL_FREE: 'a toll-free number',
  PREMIUM_RATE: 'a premium-rate number',
  SHARED_COST: 'a shared-cost number',
  UAN: 'a company switchboard (UAN) number',
  VOICEMAIL: 'a voicemail access number',
  PAGER: 'a pager number'
};

const lengthWords: Record<string, string> = {
  TOO_SHORT: ' (too short)',
  TOO_LONG: ' (too long)',
  INVALID_LENGTH: ' (wrong number of digits)',
  INVALID_COUNTRY: ' (unknown country code)',
  NOT_A_NUMBER: ' (not a number)'
};

const e164Shape = /^\+[1-9]\d{6,14}$/;
// What Excel shows for a long number in a General cell: the digits are already lost.
const scientificNotation = /^\d+(?:[.,]\d+)?e\+?\d+$/i;

/** A phone cell → E.164, or the reason it cannot take an SMS. */
export function normalisePhone(raw: string, defaultCountry: CountryCode): PhoneResult {
  const text = raw.trim();
  if (text === '') return { ok: false, reason: 'no phone number' };
  // Most lists already hold E.164: building the number directly skips libphonenumber's text
  // parser, which is most of its cost (3 µs a number instead of 10, 20 instead of 90 when invalid).
  if (e164Shape.test(text)) {
    const number = fromE164(text);
    const type = number?.getType();
    // The cell itself is the E.164 text: keeping it spares a concatenated copy per recipient.
    if (number !== undefined && type !== undefined) return verdict(raw, number, type, text);
    // Only a national prefix left after the country code (+44 0 7400…, +1 1 212…, +7 8…) can make
    // the text parser read it differently; anything else is invalid as written.
    if (number !== undefined && !/^[018]/.test(number.nationalNumber)) {
      const hint = number.isPossible() ? '' : lengthWords.INVALID_LENGTH;
      return { ok: false, reason: `phone ${quote(raw)} is not a valid phone number${hint}` };
    }
  }
  if (scientificNotation.test(text)) {
    return {
      ok: false,
      reason: `phone ${quote(raw)} was rounded by a spreadsheet into scientific notation; format the phone column as text and export again`
    };
  }
  const parsed = parse(text, defaultCountry);
  const type = parsed?.getType();
  if (parsed !== undefined && type !== undefined) return verdict(raw, parsed, type);
  const international = withPlus(text);
  if (international !== null) {
    const retried = parse(international.text, defaultCountry);
    if (retried !== undefined && smsCapable.has(retried.getType())) {
      return { ok: true, e164: retried.number, addedPlus: international.added };
    }
  }
  const hint = lengthHint(text, defaultCountry);
  return text.startsWith('+')
    ? { ok: false, reason: `phone ${quote(raw)} is not a valid phone number${hint}` }
    : { ok: false, reason: `phone ${quote(raw)} is not a valid number for ${defaultCountry}${hint}` };
}

/** A valid number → E.164 if it can take an SMS, else why not (a landline, toll-free…). */
function verdict(raw: string, number: PhoneNumber, type: NonNullable<NumberType>, e164: string = number.number): PhoneResult {
  if (smsCapable.has(type)) return { ok: true, e164, addedPlus: false };
  const kind = typeWords[type] ?? 'not a mobile number';
  // A number built from E.164 leaves the country open when a calling code is shared (+44: GB, JE…).
  const where = number.country ?? parse(number.number, 'US')?.country ?? `+${number.countryCallingCode}`;
  return { ok: false, reason: `phone ${quote(raw)} is ${kind} in ${where} and cannot receive SMS` };
}

function fromE164(text: string): PhoneNumber | undefined {
  try {
    return new PhoneNumber(text as `+${string}`);
  } catch {
    return undefined;
  }
}

function parse(text: string, defaultCountry: CountryCode): PhoneNumber | undefined {
  try {
    return parsePhoneNumberFromString(text, defaultCountry);
  } catch {
    return undefined;
  }
}

/**
 * `0044 7400 123456` (the European international prefix) and `447400123456` (a `+` a spreadsheet
 * dropped) are international numbers that a default country cannot read.
 */
function withPlus(text: string): { text: string; added: boolean } | null {
  if (text.startsWith('+') || /[a-z]/i.test(text)) return null;
  const digits = text.replace(/\D/g, '');
  if (digits.startsWith('00')) return { text: `+${digits.slice(2)}`, added: false };
  // Ten digits is a national number in much of the world; a country code makes eleven or more.
  return digits.length >= 11 ? { text: `+${digits}`, added: true } : null;
}

function lengthHint(text: string, defaultCountry: CountryCode): string {
  try {
    return lengthWords[validatePhoneNumberLength(text, defaultCountry) ?? ''] ?? '';
  } catch {
    return '';
  }
}

/** An ISO 3166 code libphonenumber has numbering plans for (`US`, `GB`…). */
export function isCountryCode(code: string): code is CountryCode {
  return isSupportedCountry(code);
}

/**
 * `normalisePhone` that remembers refusals: a column of "N/A" or of order numbers costs
 * libphonenumber's slowest path once per distinct value, not once per row. Numbers that pass are
 * nearly all distinct, so they are not kept.
 */
export function createPhoneNormaliser(defaultCountry: CountryCode, maxCached = 10_000): (raw: string) => PhoneResult {
  const refused = new Map<string, PhoneResult>();
  return (raw) => {
    const hit = refused.get(raw);
    if (hit !== undefined) return hit;
    const result = normalisePhone(raw, defaultCountry);
    if (!result.ok && refused.size < maxCached) refused.set(raw, result);
    return result;
  };
}
