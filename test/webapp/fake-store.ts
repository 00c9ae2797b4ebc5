import type { Temporal } from 'temporal-polyfill';
import type { CampaignRecord, ListCounts, ListRecord, RecipientRecord, RecipientState, Store } from '../../core/ports/store.js';
import { recipientStates } from '../../core/ports/store.js';

/**
 * The part of the Store port the web app's handlers use, in maps: the web app's tests drive its
 * handlers against it. Send-protocol methods are absent (the app never sends); calling one fails
 * the test loudly.
 */
export function createAppFakeStore(): Store {
  const campaigns = new Map<string, CampaignRecord>();
  const lists = new Map<string, { list: ListRecord; recipients: RecipientRecord[]; states: RecipientState[]; lastSentAt: Temporal.Instant | null }>();
  let revision = 0;
  const entry = (id: string) => {
    const found = lists.get(id);
    if (found === undefined) throw new Error(`no list ${id}`);
    return found;
  };
  const app: Partial<Store> = {
    async saveCampaign(campaign) {
      campaigns.set(campaign.id, structuredClone(campaign));
      revision += 1;
    },
    async campaign(id) {
      return campaigns.get(id) ?? null;
    },
    async campaigns() {
      return [...campaigns.values()].sort((a, b) => a.id.localeCompare(b.id));
    },
    async deleteCampaign(id) {
      campaigns.delete(id);
      for (const [listId, { list }] of lists) if (list.campaignId === id) lists.delete(listId);
      revision += 1;
    },
    async addList(list, recipients) {
      if (lists.has(list.id)) throw new Error(`list ${list.id} exists`);
      lists.set(list.id, { list: { ...list }, recipients: [...recipients], states: recipients.map(() => 'pending'), lastSentAt: null });
      revision += 1;
    },
    async list(id) {
      return lists.get(id)?.list ?? null;
    },
    async lists(campaignId) {
      return [...lists.values()]
        .map(({ list }) => list)
        .filter((list) => list.campaignId === campaignId)
        .sort((a, b) => Number(a.startAfter.epochMilliseconds - b.startAfter.epochMilliseconds) || Number(a.createdAt.epochMilliseconds - b.createdAt.epochMilliseconds) || a.id.localeCompare(b.id));
    },
    async stopList(id, at) {
      const { list } = entry(id);
      list.stoppedAt ??= at;
      revision += 1;
    },
    async recipients(listId) {
      return entry(listId).recipients;
    },
    async recipientStates(listId) {
      return [...entry(listId).states];
    },
    async listCounts(listId): Promise<ListCounts> {
      const { states, lastSentAt } = entry(listId);
      const counts = Object.fromEntries(recipientStates.map((state) => [state, 0])) as Record<RecipientState, number>;
      for (const state of states) counts[state] += 1;
      return { total: states.length, states: counts, firstSentAt: lastSentAt, lastSentAt, retries: 0 };
    },
    async setRecipientState(listId, row, state) {
      entry(listId).states[row] = state;
    },
    async revision() {
      return revision;
    }
  };
  return new Proxy(app as Store, {
    get(target, name: string) {
      if (name in target) return target[name as keyof Store];
      if (name === 'then') return undefined;
      throw new Error(`the web app's fake store has no ${name}`);
    }
  });
}
