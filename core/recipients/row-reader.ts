import type { ColumnLayout } from './header-columns.js';
import { restoreCell } from './formula.js';
import type { PhoneResult } from './phones.js';
import type { ZoneResult } from './zones.js';

/** How a row reads its phone and zone: normalisers that remember the spellings they have seen. */
export interface RowReaders {
  phone: (raw: string) => PhoneResult;
  zone: (raw: string) => ZoneResult;
}

export type RowReading =
  | {
      ok: true;
      phone: string;
      /** The number only made sense with a `+` the row did not have. */
      addedPlus: boolean;
      /** Null when the row gave no zone: the campaign's. */
      zone: Extract<ZoneResult, { ok: true }> | null;
      name: string | null;
      variables: Record<string, string>;
    }
  | { ok: false; /** By field index: the phone's problem first, then the zone's. */ problems: { index: number; reason: string }[] };

/**
 * One recipient from a row's fields laid out by its header: the one reading of a recipient,
 * whether the row is a CSV line or a scenario's inline recipient (whose keys are its header).
 */
export function readRecipientRow(fields: readonly string[], layout: ColumnLayout, readers: RowReaders): RowReading {
  const phone = readers.phone(cell(fields, layout.phoneIndex));
  const zoneText = cell(fields, layout.timeZoneIndex);
  const zone = zoneText === '' ? null : readers.zone(zoneText);
  if (!phone.ok || (zone !== null && !zone.ok)) {
    const problems: { index: number; reason: string }[] = [];
    if (!phone.ok) problems.push({ index: layout.phoneIndex, reason: phone.reason });
    if (zone !== null && !zone.ok) problems.push({ index: layout.timeZoneIndex, reason: zone.reason });
    return { ok: false, problems };
  }
  const name = collapseSpaces(cell(fields, layout.nameIndex));
  return { ok: true, phone: phone.e164, addedPlus: phone.addedPlus, zone, name: name === '' ? null : name, variables: variablesOf(fields, layout) };
}

// Only a run of spaces or a tab, newline… needs rewriting; most names have neither, and testing
// first spares a new string per row.
const spacesToCollapse = /\s\s|[^\S ]/;

function collapseSpaces(text: string): string {
  return spacesToCollapse.test(text) ? text.replace(/\s+/g, ' ') : text;
}

function cell(fields: readonly string[], index: number): string {
  return index < 0 ? '' : restoreCell((fields[index] ?? '').trim()).trim();
}

/** Shared by every recipient of a list without variable columns (a big list's memory): never written to. */
const noVariables: Record<string, string> = Object.freeze({}) as Record<string, string>;

function variablesOf(fields: readonly string[], layout: ColumnLayout): Record<string, string> {
  if (layout.variableIndexes.length === 0) return noVariables;
  const variables: Record<string, string> = {};
  for (const [index, header] of layout.variableIndexes) {
    // A plain assignment to "__proto__" would set the prototype; defining it keeps it a variable.
    if (header === '__proto__') Object.defineProperty(variables, header, { value: cell(fields, index), enumerable: true, writable: true, configurable: true });
    else variables[header] = cell(fields, index);
  }
  return variables;
}
