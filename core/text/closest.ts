/**
 * The candidate a mistyped word most likely meant, or null when none is close: used for unknown
 * scenario fields, recipient keys, template variables and command-line options, so that every
 * "did you mean" in the product is decided the same way. Case and separators do not count
 * (`timezone` and `time_zone` both find `timeZone`); otherwise at most one edit in four letters.
 */
export function closestWord(word: string, candidates: Iterable<string>): string | null {
  const key = looseKey(word);
  if (key === '') return null;
  let best: string | null = null;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const candidate of candidates) {
    const distance = editDistance(key, looseKey(candidate));
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  if (best === null) return null;
  const allowed = Math.max(1, Math.floor(Math.min(key.length, looseKey(best).length) / 4));
  return bestDistance <= allowed ? best : null;
}

function looseKey(word: string): string {
  return word.toLowerCase().replace(/[^a-z0-9]/g, '');
}

/** Optimal string alignment distance: insertions, deletions, substitutions and swaps of neighbours. */
function editDistance(a: string, b: string): number {
  if (a === b) return 0;
  if (Math.abs(a.length - b.length) > 3) return Math.abs(a.length - b.length);
  const rows: number[][] = [];
  for (let i = 0; i <= a.length; i += 1) rows.push([i, ...new Array<number>(b.length).fill(0)]);
  for (let j = 0; j <= b.length; j += 1) rows[0]![j] = j;
  for (let i = 1; i <= a.length; i += 1) {
    for (let j = 1; j <= b.length; j += 1) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(rows[i - 1]![j]! + 1, rows[i]![j - 1]! + 1, rows[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, rows[i - 2]![j - 2]! + 1);
      rows[i]![j] = d;
    }
  }
  return rows[a.length]![b.length]!;
}
