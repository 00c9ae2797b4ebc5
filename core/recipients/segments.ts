import { gsmBasic, gsmExtension } from './gsm.js';

export type SmsEncoding = 'GSM-7' | 'UCS-2';

export interface SegmentCount {
  segments: number;
  encoding: SmsEncoding;
  /** Code points, what a person counts. */
  characters: number;
  /** What the segments are made of: septets for GSM-7 (an extension character is two), UTF-16 code units for UCS-2 (an emoji is two or more). */
  units: number;
  /** The characters that force UCS-2, each once, in order of appearance. */
  nonGsmCharacters: string[];
}

// A single SMS carries 140 bytes: 160 septets or 70 UCS-2 units. A part of a longer message
// gives 6 bytes to the concatenation header, leaving 153 septets or 67 units.
const limits: Record<SmsEncoding, { single: number; part: number }> = {
  'GSM-7': { single: 160, part: 153 },
  'UCS-2': { single: 70, part: 67 }
};

export function countSegments(text: string): SegmentCount {
  const characters = [...text];
  const nonGsm = new Set<string>();
  for (const character of characters) {
    if (!gsmBasic.has(character) && !gsmExtension.has(character)) nonGsm.add(character);
  }
  const encoding: SmsEncoding = nonGsm.size === 0 ? 'GSM-7' : 'UCS-2';
  const sizes = characters.map((c) => (encoding === 'UCS-2' ? c.length : gsmExtension.has(c) ? 2 : 1));
  const units = sizes.reduce((sum, size) => sum + size, 0);
  return {
    segments: segmentsFor(sizes, units, limits[encoding]),
    encoding,
    characters: characters.length,
    units,
    nonGsmCharacters: [...nonGsm]
  };
}

/** "1 segment (GSM-7)", "3 segments (UCS-2: contains ’)": what the playground shows beside a message. */
export function describeSegments(count: SegmentCount): string {
  const segments = count.segments === 1 ? '1 segment' : `${count.segments} segments`;
  if (count.encoding === 'GSM-7') return `${segments} (GSM-7)`;
  return `${segments} (UCS-2: contains ${count.nonGsmCharacters.join(' ')})`;
}

/**
 * Phones never split an escape sequence or a surrogate pair across two parts, so a character that
 * does not fit at the end of a part starts the next one; counting units ÷ 153 would undercount.
 */
function segmentsFor(sizes: number[], units: number, limit: { single: number; part: number }): number {
  if (units === 0) return 0;
  if (units <= limit.single) return 1;
  let parts = 1;
  let used = 0;
  for (const size of sizes) {
    if (used + size > limit.part) {
      parts += 1;
      used = 0;
    }
    used += size;
  }
  return parts;
}
