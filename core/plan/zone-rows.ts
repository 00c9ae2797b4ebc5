/** A list's rows grouped by time zone: each group's rows in file order. */
export interface ZoneRows {
  zones: string[];
  rows: Int32Array[];
}

/**
 * Groups rows by zone in two passes over typed arrays (count, then fill): for a million
 * recipients this is the one cost of a projection that grows with the list, so it is kept
 * tight; callers that project the same list many times keep the result (see schedule-input.ts).
 */
export function zoneRowsOf<T>(recipients: readonly T[], zoneOf: (recipient: T) => string): ZoneRows {
  const zoneIndex = new Map<string, number>();
  const zones: string[] = [];
  const counts: number[] = [];
  const rowZone = new Uint32Array(recipients.length);
  for (let row = 0; row < recipients.length; row += 1) {
    const zone = zoneOf(recipients[row] as T);
    let index = zoneIndex.get(zone);
    if (index === undefined) {
      index = zones.length;
      zoneIndex.set(zone, index);
      zones.push(zone);
      counts.push(0);
    }
    rowZone[row] = index;
    counts[index] = (counts[index] as number) + 1;
  }
  const rows = counts.map((count) => new Int32Array(count));
  const filled = new Array<number>(zones.length).fill(0);
  for (let row = 0; row < recipients.length; row += 1) {
    const index = rowZone[row] as number;
    (rows[index] as Int32Array)[filled[index] as number] = row;
    filled[index] = (filled[index] as number) + 1;
  }
  return { zones, rows };
}
