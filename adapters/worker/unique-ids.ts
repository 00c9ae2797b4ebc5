import { randomBytes } from 'node:crypto';
import type { IdSource } from '../../core/ports/ids.js';

/**
 * Ids that no other process sharing the database makes, before or after a restart: sequential ids
 * would begin again at `attempt-1` and collide with the send log's. So each process draws a
 * random 64-bit tag once, after the instant it started, and counts up under it.
 *
 * Why not a random UUID per id: the send log's index of attempt ids then takes each new id at a
 * random place, so every claim rewrote another page of that index once it outgrew the cache of
 * a checkpoint (4,706 sends per CPU-second at 50k recipients, falling to 3,889 at 100k, measured
 * with test/bench/worker.bench.js, simulated provider, database on /dev/shm). Ids that sort in
 * the order a process makes them are added at the end of its own run of the index instead:
 * 5,785 at 50k, 5,574 and 5,578 at 100k, the same bench.
 */
export function uniqueIds(startedAtMs = Date.now()): IdSource {
  const tag = `${startedAtMs.toString(36).padStart(9, '0')}-${randomBytes(8).toString('hex')}`;
  const counters = new Map<string, number>();
  return {
    next(prefix) {
      const n = (counters.get(prefix) ?? 0) + 1;
      counters.set(prefix, n);
      // Fixed width, so that the text order is the counting order.
      return `${prefix}-${tag}-${n.toString(36).padStart(8, '0')}`;
    }
  };
}
