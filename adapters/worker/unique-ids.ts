import { randomUUID } from 'node:crypto';
import type { IdSource } from '../../core/ports/ids.js';

/**
 * Ids that no other process sharing the database makes, before or after a restart: sequential ids
 * would begin again at `attempt-1` and collide with the send log's.
 */
export function uniqueIds(): IdSource {
  return { next: (prefix) => `${prefix}-${randomUUID()}` };
}
