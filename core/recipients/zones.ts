import { Temporal } from 'temporal-polyfill';
import { quote } from './quote.js';

export type ZoneResult =
  | { ok: true; timeZone: string; /** EST, MST, HST: valid IANA names that never observe DST. */ fixedOffset: boolean }
  | { ok: false; reason: string };

// What people type in a spreadsheet instead of an IANA name; only used to suggest one.
const suggestions: Record<string, string> = {
  EST: 'America/New_York', EDT: 'America/New_York', ET: 'America/New_York', EASTERN: 'America/New_York',
  CST: 'America/Chicago', CDT: 'America/Chicago', CT: 'America/Chicago', CENTRAL: 'America/Chicago',
  MST: 'America/Denver', MDT: 'America/Denver', MT: 'America/Denver', MOUNTAIN: 'America/Denver',
  PST: 'America/Los_Angeles', PDT: 'America/Los_Angeles', PT: 'America/Los_Angeles', PACIFIC: 'America/Los_Angeles',
  AKST: 'America/Anchorage', AKDT: 'America/Anchorage', HST: 'Pacific/Honolulu', HAWAII: 'Pacific/Honolulu',
  GMT: 'Europe/London', BST: 'Europe/London', CET: 'Europe/Paris', CEST: 'Europe/Paris', IST: 'Asia/Kolkata',
  AEST: 'Australia/Sydney', AEDT: 'Australia/Sydney'
};

const fixedLegacyZones = new Set(['EST', 'MST', 'HST']);

/** The IANA name as Temporal spells it (`us/eastern` → `US/Eastern`), or null. Offsets are not names. */
export function canonicalTimeZone(id: string): string | null {
  if (id === '' || /^[+\-−]/.test(id)) return null;
  try {
    return new Temporal.ZonedDateTime(0n, id).timeZoneId;
  } catch {
    return null;
  }
}

export function resolveTimeZone(raw: string): ZoneResult {
  const text = raw.trim();
  const timeZone = canonicalTimeZone(text);
  if (timeZone !== null) return { ok: true, timeZone, fixedOffset: fixedLegacyZones.has(timeZone) };
  if (/^(?:[+\-−]|utc[+\-−]|gmt[+\-−])/i.test(text)) {
    return {
      ok: false,
      reason: `time zone ${quote(raw)} is a fixed UTC offset; give an IANA name such as America/New_York so that daylight saving time is followed`
    };
  }
  const suggestion = suggestions[text.toUpperCase().replace(/\s*(TIME|STANDARD TIME)$/, '')];
  const hint = suggestion === undefined ? 'such as America/New_York' : `(did you mean ${suggestion}?)`;
  return { ok: false, reason: `time zone ${quote(raw)} is not an IANA time zone name ${hint}` };
}

/** Lists repeat a handful of zones a million times; each distinct spelling is checked once. */
export function createZoneResolver(maxCached = 10_000): (raw: string) => ZoneResult {
  const cache = new Map<string, ZoneResult>();
  return (raw) => {
    const hit = cache.get(raw);
    if (hit !== undefined) return hit;
    const result = resolveTimeZone(raw);
    if (cache.size < maxCached) cache.set(raw, result);
    return result;
  };
}
