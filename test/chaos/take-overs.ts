/** A SIGKILL the run made, and the campaigns the dead worker's log says it held then. */
export interface Kill {
  atMs: number;
  slot: number;
  held: string[];
}

/** A claim of the send log: when, and which row of the campaign's list. */
export interface Claim {
  atMs: number;
  row: number;
}

/** A campaign of a killed worker sending again: `afterMs` from the kill to its first claim by anyone else. */
export interface TakeOver {
  kill: number;
  campaign: string;
  afterMs: number;
  /**
   * That first claim was a retry (its row was claimed before): the campaign may have been taken over
   * much earlier, with nothing but recipients in their backoff left to send.
   */
  retry: boolean;
  /**
   * Other workers killed between this kill and that claim. A dead worker still counts among the
   * workers campaigns are shared out to until its presence lease expires, so a campaign may wait
   * for more than one lease to run out.
   */
  otherDeaths: number;
}

/**
 * When each killed worker's campaigns were sent again, from the send log's claim instants: a claim
 * after the kill cannot be the dead worker's (its transaction would have rolled back), so the first
 * one is another worker's. A campaign with no claim after the kill had nothing left to send (or is
 * lost, which the outcome check reports); it has no take-over. Nor has one whose new holder was
 * killed in turn before sending: it counts for that later kill.
 */
export function takeOvers(kills: readonly Kill[], claimsByCampaign: ReadonlyMap<string, readonly Claim[]>): TakeOver[] {
  const found: TakeOver[] = [];
  for (const [index, kill] of kills.entries()) {
    for (const campaign of kill.held) {
      const claims = claimsByCampaign.get(campaign) ?? [];
      const next = claims.reduce<Claim | null>((first, claim) => (claim.atMs > kill.atMs && (first === null || claim.atMs < first.atMs) ? claim : first), null);
      if (next === null) continue;
      // A worker that had taken it over was killed before it sent: that kill's take-over, not this one's.
      if (kills.slice(index + 1).some((later) => later.atMs < next.atMs && later.held.includes(campaign))) continue;
      const retry = claims.some((claim) => claim.row === next.row && claim.atMs < next.atMs);
      const otherDeaths = kills.filter((other) => other.atMs > kill.atMs && other.atMs < next.atMs).length;
      found.push({ kill: index + 1, campaign, afterMs: next.atMs - kill.atMs, retry, otherDeaths });
    }
  }
  return found;
}

/** The longest of them, or null when there were none. */
export function longest(found: readonly TakeOver[]): TakeOver | null {
  return found.reduce<TakeOver | null>((worst, takeOver) => (worst === null || takeOver.afterMs > worst.afterMs ? takeOver : worst), null);
}
