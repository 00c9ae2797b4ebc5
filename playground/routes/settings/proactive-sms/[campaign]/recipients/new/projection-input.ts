import { Temporal } from 'temporal-polyfill';
import type { Recipient } from '../../../../../../../core/scenario/scenario.js';
import { instantOfLocal } from '$lib/format/time.js';
import type { ListDraft } from '$lib/projection/draft-projection.js';
import type { OpenList } from '$lib/server/campaign-views.js';

// The projection reads only each recipient's zone: one frozen empty record serves every row.
const noVariables: Record<string, string> = Object.freeze({}) as Record<string, string>;
const recipientsCache = new WeakMap<readonly string[], Recipient[]>();

/** Recipients standing for the zones, the same array for the same zones (core caches by array). */
function recipientsOf(zones: readonly string[]): Recipient[] {
  let recipients = recipientsCache.get(zones);
  if (recipients === undefined) {
    recipients = zones.map((timeZone) => ({ phone: '', name: null, timeZone, variables: noVariables }));
    recipientsCache.set(zones, recipients);
  }
  return recipients;
}

export function otherLists(open: readonly OpenList[]): ListDraft[] {
  return open.map((list) => ({
    id: list.id,
    fileName: list.fileName,
    createdAt: Temporal.Instant.from(list.createdAt),
    startAfter: Temporal.Instant.from(list.startAfter),
    endBefore: list.endBefore === null ? null : Temporal.Instant.from(list.endBefore),
    recipients: recipientsOf(list.zones)
  }));
}

/** The list being added as the projection sees it; null until it has recipients and a start. */
export function draftList(zones: readonly string[] | null, fileName: string, start: string, end: string, timeZone: string, nowIso: string): ListDraft | null {
  const startAfter = instantOfLocal(start, timeZone);
  if (zones === null || zones.length === 0 || startAfter === null) return null;
  const endBefore = instantOfLocal(end, timeZone);
  // Saved now, it comes after every list already there with the same start.
  return { id: 'new-list', fileName, createdAt: Temporal.Instant.from(nowIso), startAfter, endBefore: endBefore !== null && endBefore.epochMilliseconds > startAfter.epochMilliseconds ? endBefore : null, recipients: recipientsOf(zones) };
}
