import { describe, expect, it } from 'vitest';
import { shareOut } from '../../adapters/worker/campaign-shares.js';

const campaigns = (n: number) => Array.from({ length: n }, (_, i) => `campaign-${i}`);

function loads(owners: Map<string, string>): Map<string, number> {
  const load = new Map<string, number>();
  for (const owner of owners.values()) load.set(owner, (load.get(owner) ?? 0) + 1);
  return load;
}

describe('sharing campaigns out among workers', () => {
  it('gives every campaign one owner, shares differing by at most one', () => {
    for (const [n, workers] of [[10, ['a', 'b', 'c']], [50, ['w1', 'w2', 'w3']], [7, ['x', 'y']], [2, ['p', 'q', 'r', 's']]] as const) {
      const owners = shareOut(campaigns(n), workers);
      expect(owners.size).toBe(n);
      const counts = workers.map((worker) => loads(owners).get(worker) ?? 0);
      expect(Math.max(...counts) - Math.min(...counts)).toBeLessThanOrEqual(1);
    }
  });

  it('gives the same answer whatever order the lists come in, so that workers agree', () => {
    const a = shareOut(campaigns(30), ['w1', 'w2', 'w3']);
    const b = shareOut(campaigns(30).reverse(), ['w3', 'w1', 'w2']);
    expect([...b].sort()).toEqual([...a].sort());
  });

  it('moves few campaigns when a worker joins or dies', () => {
    const before = shareOut(campaigns(60), ['w1', 'w2', 'w3']);
    const joined = shareOut(campaigns(60), ['w1', 'w2', 'w3', 'w4']);
    const moved = [...joined].filter(([id, owner]) => before.get(id) !== owner);
    // w4's fair share (15) must move to it; a handful more may shuffle to keep the shares even.
    expect(moved.filter(([, owner]) => owner === 'w4')).toHaveLength(15);
    expect(moved.length).toBeLessThanOrEqual(25);
    const died = shareOut(campaigns(60), ['w1', 'w2']);
    const keptByLiving = [...before].filter(([id, owner]) => owner !== 'w3' && died.get(id) === owner);
    expect(keptByLiving.length).toBeGreaterThanOrEqual(30);
  });

  it('has no owner to give when no worker is alive', () => {
    expect(shareOut(campaigns(3), []).size).toBe(0);
  });
});
