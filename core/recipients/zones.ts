import { Temporal } from 'temporal-polyfill';
import { closestWord } from '../text/closest.js';
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

// A place that keeps each common offset (in standard time), to show in the hint; any place of the
// person's own will do, the point is that a name follows daylight saving time and an offset does not.
const placesByOffset: Record<string, string> = {
  '-10:00': 'Pacific/Honolulu', '-09:00': 'America/Anchorage', '-08:00': 'America/Los_Angeles',
  '-07:00': 'America/Denver', '-06:00': 'America/Chicago', '-05:00': 'America/New_York', '-04:00': 'America/Halifax',
  '-03:00': 'America/Sao_Paulo', '+00:00': 'Europe/London', '+01:00': 'Europe/Paris', '+02:00': 'Europe/Athens',
  '+03:00': 'Europe/Istanbul', '+04:00': 'Asia/Dubai', '+05:00': 'Asia/Karachi', '+05:30': 'Asia/Kolkata',
  '+07:00': 'Asia/Bangkok', '+08:00': 'Asia/Singapore', '+09:00': 'Asia/Tokyo', '+10:00': 'Australia/Sydney',
  '+12:00': 'Pacific/Auckland'
};

const fixedLegacyZones = new Set(['EST', 'MST', 'HST']);

/** `-03:00`, `UTC-3`, `GMT+05:30`, `+0530`: a fixed offset written as a zone. */
const offsetPattern = /^(?:utc|gmt)?\s*([+\-−])\s*(\d{1,2})(?::?(\d{2}))?$/i;

/**
 * The one rule for a time zone anywhere in the product (a scenario's campaign or recipient, a
 * CSV cell, a command-line option, the web app's settings): an IANA name in any case, as Temporal
 * spells it (`us/eastern` → `US/Eastern`). A fixed offset is refused, because it does not follow
 * daylight saving time: the reason names a place to use instead.
 */
export function resolveTimeZone(raw: string): ZoneResult {
  const text = raw.trim();
  const timeZone = ianaName(text);
  if (timeZone !== null) return { ok: true, timeZone, fixedOffset: fixedLegacyZones.has(timeZone) };
  const offset = offsetPattern.exec(text);
  if (offset !== null) {
    const sign = offset[1] === '+' ? '+' : '-';
    const key = `${sign}${offset[2]!.padStart(2, '0')}:${offset[3] ?? '00'}`;
    const place = placesByOffset[key === '-00:00' ? '+00:00' : key] ?? 'America/New_York';
    return {
      ok: false,
      reason: `time zone ${quote(raw)} is a fixed UTC offset; give an IANA name such as ${place} so that daylight saving time is followed`
    };
  }
  const suggestion = suggestions[text.toUpperCase().replace(/\s*(TIME|STANDARD TIME)$/, '')] ?? misspeltName(text);
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

/**
 * The IANA name a text with a slash most likely meant, one part of it misspelt
 * (`America/New_Yrok`, `Amercia/Chicago`), or undefined. The other part must be right, so that
 * `America/Gotham` suggests nothing rather than Greenland's old capital.
 */
function misspeltName(text: string): string | undefined {
  const slash = text.lastIndexOf('/');
  if (slash < 0 || text.length > 40 || typeof Intl.supportedValuesOf !== 'function') return undefined;
  const [region, city] = [text.slice(0, slash).toLowerCase(), text.slice(slash + 1).toLowerCase()];
  const names = Intl.supportedValuesOf('timeZone');
  const split = (name: string) => [name.slice(0, name.lastIndexOf('/')).toLowerCase(), name.slice(name.lastIndexOf('/') + 1)] as const;
  const sameRegion = names.filter((name) => split(name)[0] === region);
  const byCity = closestWord(city, sameRegion.map((name) => split(name)[1]));
  if (byCity !== null) return sameRegion.find((name) => split(name)[1] === byCity);
  const sameCity = names.filter((name) => split(name)[1].toLowerCase() === city);
  const byRegion = closestWord(region, sameCity.map((name) => split(name)[0]));
  return byRegion === null ? undefined : sameCity.find((name) => split(name)[0] === byRegion);
}

/** Temporal also takes offsets (`-03:00`) as zone ids: those are not names. */
function ianaName(id: string): string | null {
  if (id === '' || /^[+\-−]/.test(id)) return null;
  try {
    return new Temporal.ZonedDateTime(0n, id).timeZoneId;
  } catch {
    return null;
  }
}
