// GSM 03.38 (3GPP TS 23.038) default alphabet, in code order 0x00–0x7F. 0x1B is the escape to
// the extension table, not a character, so it is left out of the set below.
const basicTable =
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞ\u001BÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?' +
  '¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';

/** One septet each. */
export const gsmBasic: ReadonlySet<string> = new Set([...basicTable].filter((c) => c !== '\u001B'));

/** Two septets each: the escape, then the character. Form feed is the extension's page break. */
export const gsmExtension: ReadonlySet<string> = new Set(['\f', '^', '{', '}', '\\', '[', '~', ']', '|', '€']);
