import { restoreCell } from './formula.js';
import type { ImportColumns } from './types.js';

export type ColumnRole = 'phone' | 'name' | 'timeZone';

/**
 * Header spellings per role, by rank: a lower rank wins, then the leftmost column. The exact
 * canonical name ranks first so that a list the product writes back reads back the same; a
 * mobile column beats a generic "telephone" one because only mobiles take SMS.
 */
const aliases: Record<ColumnRole, readonly (readonly string[])[]> = {
  phone: [
    ['phone'],
    ['mobile', 'mobilephone', 'mobilenumber', 'mobileno', 'cell', 'cellphone', 'cellnumber', 'cellular', 'msisdn',
      'sms', 'smsnumber', 'handy', 'movil', 'celular', 'portable'],
    ['phonenumber', 'phoneno', 'telephone', 'telephonenumber', 'tel', 'telefon', 'telefono',
      'customerphone', 'contactphone', 'contactnumber', 'recipientphone']
  ],
  name: [
    ['name'],
    ['fullname', 'customername', 'contactname', 'recipientname', 'displayname', 'clientname', 'nom', 'nombre'],
    ['firstname', 'givenname', 'first', 'prenom', 'vorname', 'customer', 'recipient', 'contact']
  ],
  timeZone: [
    ['timezone'],
    ['tz', 'zone', 'timezonename', 'timezoneid', 'tzid', 'tzname', 'iana', 'ianatimezone', 'olson', 'localtimezone',
      'customertimezone', 'zonehoraire', 'zeitzone']
  ]
};

const rankByKey = new Map<string, { role: ColumnRole; rank: number }>();
for (const role of Object.keys(aliases) as ColumnRole[]) {
  aliases[role].forEach((keys, rank) => {
    for (const key of keys) rankByKey.set(key, { role, rank });
  });
}

/** `" Customer_Name "` → `customername`: what two spellings of one header have in common. */
export function headerKey(header: string): string {
  return header
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');
}

/** Every spelling of a role's header, as header keys (`phonenumber`, `tz`…). */
export function aliasesOf(role: ColumnRole): readonly string[] {
  return aliases[role].flat();
}

export function roleOf(header: string): ColumnRole | null {
  return rankByKey.get(headerKey(header))?.role ?? null;
}

/** Where each role and variable sits in a row. */
export interface ColumnLayout {
  columns: ImportColumns;
  phoneIndex: number;
  nameIndex: number;
  timeZoneIndex: number;
  /** [field index, header] for each variable column, left to right. */
  variableIndexes: [number, string][];
  /** Field indexes under a blank header: read into nothing, and a warning if a row fills them. */
  blankIndexes: number[];
  notes: ColumnNote[];
}

export type ColumnNote =
  | { kind: 'repeated'; column: number; header: string }
  | { kind: 'ambiguous'; role: ColumnRole; chosen: string; others: string[] };

/** Reads a header row; null when no cell names a phone column. */
export function layoutColumns(cells: readonly string[]): ColumnLayout | null {
  const headers = cells.map((cell) => restoreCell(cell.trim()).trim());
  const best = new Map<ColumnRole, { index: number; rank: number }>();
  const candidates = new Map<ColumnRole, number[]>();
  headers.forEach((header, index) => {
    const alias = rankByKey.get(headerKey(header));
    if (alias === undefined) return;
    candidates.set(alias.role, [...(candidates.get(alias.role) ?? []), index]);
    const current = best.get(alias.role);
    if (current === undefined || alias.rank < current.rank) best.set(alias.role, { index, rank: alias.rank });
  });
  const phone = best.get('phone');
  if (phone === undefined) return null;
  const roleIndexes = new Set([...best.values()].map((b) => b.index));

  const notes: ColumnNote[] = [];
  for (const [role, indexes] of candidates) {
    const chosen = best.get(role)!.index;
    const others = indexes.filter((i) => i !== chosen).map((i) => headers[i]!);
    if (others.length > 0) notes.push({ kind: 'ambiguous', role, chosen: headers[chosen]!, others });
  }
  const seen = new Set<string>();
  const variableIndexes: [number, string][] = [];
  const blankIndexes: number[] = [];
  headers.forEach((header, index) => {
    if (roleIndexes.has(index)) return;
    if (header === '') {
      blankIndexes.push(index);
    } else if (seen.has(header)) {
      notes.push({ kind: 'repeated', column: index + 1, header });
    } else {
      seen.add(header);
      variableIndexes.push([index, header]);
    }
  });
  const at = (role: ColumnRole) => best.get(role)?.index ?? -1;
  return {
    columns: {
      phone: headers[phone.index]!,
      name: best.has('name') ? headers[at('name')]! : null,
      timeZone: best.has('timeZone') ? headers[at('timeZone')]! : null,
      variables: variableIndexes.map(([, header]) => header)
    },
    phoneIndex: phone.index,
    nameIndex: at('name'),
    timeZoneIndex: at('timeZone'),
    variableIndexes,
    blankIndexes,
    notes
  };
}
