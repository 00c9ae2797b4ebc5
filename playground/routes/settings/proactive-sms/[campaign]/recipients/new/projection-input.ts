import { Temporal } from 'temporal-polyfill';
import { readListDates } from '$lib/campaigns/list-dates.js';
import { recipientsOfZones, type ListDraft } from '$lib/projection/draft-projection.js';
import type { OpenList } from '$lib/server/campaign-views.js';

export function otherLists(open: readonly OpenList[]): ListDraft[] {
  return open.map((list) => ({
    id: list.id,
    fileName: list.fileName,
    createdAt: Temporal.Instant.from(list.createdAt),
    startAfter: Temporal.Instant.from(list.startAfter),
    endBefore: list.endBefore === null ? null : Temporal.Instant.from(list.endBefore),
    recipients: recipientsOfZones(list.zones)
  }));
}

/**
 * The list being added as the projection sees it, its dates read as the server will save them (a
 * start already past is now); null until it has recipients and usable dates.
 */
export function draftList(zones: readonly string[] | null, fileName: string, start: string, end: string, timeZone: string, nowMs: number): ListDraft | null {
  if (zones === null || zones.length === 0) return null;
  // An end that cannot be used is said beside its field; the projection is drawn without it meanwhile.
  const dates = readListDates(start, end, timeZone, nowMs);
  if (!dates.ok && dates.issues.startAfter === undefined) return draftList(zones, fileName, start, '', timeZone, nowMs);
  if (!dates.ok) return null;
  const { startAfter, endBefore } = dates.value;
  // Saved now, it comes after every list already there with the same start.
  return { id: 'new-list', fileName, createdAt: Temporal.Instant.fromEpochMilliseconds(nowMs), startAfter, endBefore, recipients: recipientsOfZones(zones) };
}
