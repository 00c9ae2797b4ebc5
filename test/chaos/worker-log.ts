/**
 * What a worker's JSON log says it held. Two generations of worker are read alike:
 * - per-campaign leases: `campaign taken` / `campaign given up`, each naming its `campaign`;
 * - one lease for the whole database: `lease taken: sending` holds every campaign until
 *   `lease lost…` or `worker stopped…`.
 */
export function campaignsHeld(lines: readonly string[], allCampaigns: readonly string[]): Set<string> {
  const held = new Set<string>();
  for (const entry of jsonLines(lines)) {
    const campaign = typeof entry.campaign === 'string' ? entry.campaign : null;
    if (entry.msg === 'campaign taken' && campaign !== null) held.add(campaign);
    else if (entry.msg === 'campaign given up' && campaign !== null) held.delete(campaign);
    else if (entry.msg === 'lease taken: sending') for (const id of allCampaigns) held.add(id);
    else if (typeof entry.msg === 'string' && (entry.msg.startsWith('lease lost') || entry.msg.startsWith('worker stopped'))) held.clear();
  }
  return held;
}

/** The `holder` a worker names itself by, from the first line that names one. */
export function holderOf(lines: readonly string[]): string | null {
  for (const entry of jsonLines(lines)) if (typeof entry.holder === 'string') return entry.holder;
  return null;
}

/** How many times the log says a campaign was taken (per-campaign leases) or the one lease was (the older worker). */
export function takes(lines: readonly string[]): number {
  let count = 0;
  for (const entry of jsonLines(lines)) if (entry.msg === 'campaign taken' || entry.msg === 'lease taken: sending') count += 1;
  return count;
}

/** Lines at level warn (40) and above, as written: what a person would look at first. */
export function complaints(lines: readonly string[]): string[] {
  return lines.filter((line) => {
    const entry = parse(line);
    return entry === null ? line.trim() !== '' : Number(entry.level) >= 40;
  });
}

function* jsonLines(lines: readonly string[]): Generator<Record<string, unknown>> {
  for (const line of lines) {
    const entry = parse(line);
    if (entry !== null) yield entry;
  }
}

function parse(line: string): Record<string, unknown> | null {
  if (!line.startsWith('{')) return null;
  try {
    const value: unknown = JSON.parse(line);
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}
