import { createHash } from 'node:crypto';

/**
 * Which live worker should send each campaign: every worker computes the same answer from the same
 * campaigns and live workers, so they agree without talking. Each campaign goes to the worker that
 * ranks highest for it by rendezvous (highest-random-weight) hashing, unless that worker already has
 * its fair share (the campaigns divided by the workers, rounded up), then to the next. So the shares
 * differ by at most one, and when a worker joins or dies mostly the campaigns it gains or held change
 * hands. This only says who should *try*: the campaign's lease in the database decides who may send.
 */
export function shareOut(campaignIds: readonly string[], workers: readonly string[]): Map<string, string> {
  const owners = new Map<string, string>();
  if (workers.length === 0) return owners;
  const fairShare = Math.ceil(campaignIds.length / workers.length);
  const load = new Map(workers.map((holder) => [holder, 0]));
  for (const id of [...campaignIds].sort()) {
    const ranked = workers.map((holder) => ({ holder, weight: weightOf(id, holder) }));
    ranked.sort((a, b) => (a.weight === b.weight ? (a.holder < b.holder ? -1 : 1) : a.weight > b.weight ? -1 : 1));
    const owner = ranked.find(({ holder }) => (load.get(holder) ?? 0) < fairShare)?.holder ?? (ranked[0]?.holder as string);
    owners.set(id, owner);
    load.set(owner, (load.get(owner) ?? 0) + 1);
  }
  return owners;
}

function weightOf(campaignId: string, holder: string): bigint {
  return createHash('sha256').update(campaignId).update('\0').update(holder).digest().readBigUInt64BE(0);
}
