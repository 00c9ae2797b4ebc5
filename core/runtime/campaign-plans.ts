import type { NextSend, SendPlanner } from '../plan/planner.js';
import type { CampaignRecord, ListRecord, RecipientRecord, Store } from '../ports/store.js';
import { plannedListOf, plannerFromStore, rulesOf } from './planner-from-store.js';

/** A campaign's planner with the lists it was told of, as the store had them. */
export interface CampaignPlan {
  campaign: CampaignRecord;
  planner: SendPlanner;
  lists: Map<string, ListRecord>;
}

/**
 * What the runtime knows of the store's campaigns (or of the one it was given): each one's
 * planner, built from the store the first time it is needed and told of every change after, and
 * each list's recipients (which never change once a list is added, so they are read once).
 */
export class CampaignPlans {
  private campaigns: CampaignRecord[] | null = null;
  private readonly built = new Map<string, CampaignPlan>();
  private readonly building = new Map<string, Promise<CampaignPlan>>();
  private readonly recipientsByList = new Map<string, readonly RecipientRecord[]>();

  /** `only`: the one campaign to plan (a worker's runtime for a campaign it holds); every campaign when absent. */
  constructor(
    private readonly store: Store,
    private readonly only?: string
  ) {}

  /** Whether this campaign is one of those planned here. */
  plans(campaignId: string): boolean {
    return this.only === undefined || this.only === campaignId;
  }

  private async storeCampaigns(): Promise<CampaignRecord[]> {
    if (this.only === undefined) return this.store.campaigns();
    const campaign = await this.store.campaign(this.only);
    return campaign === null ? [] : [campaign];
  }

  /** The plan of a campaign if it is built: outcomes are told to it at once. */
  builtPlan(campaignId: string): CampaignPlan | undefined {
    return this.built.get(campaignId);
  }

  async plan(campaignId: string): Promise<CampaignPlan> {
    const built = this.built.get(campaignId);
    if (built !== undefined) return built;
    let building = this.building.get(campaignId);
    if (building === undefined) {
      building = this.build(campaignId).finally(() => this.building.delete(campaignId));
      this.building.set(campaignId, building);
    }
    return building;
  }

  /** A list's recipients if they were read already. */
  knownRecipients(listId: string): readonly RecipientRecord[] | undefined {
    return this.recipientsByList.get(listId);
  }

  async recipients(listId: string): Promise<readonly RecipientRecord[]> {
    let recipients = this.recipientsByList.get(listId);
    if (recipients === undefined) {
      recipients = await this.store.recipients(listId);
      this.recipientsByList.set(listId, recipients);
    }
    return recipients;
  }

  /** Reads what `nextSend` needs that is not known yet: the campaigns, and the plan of each. */
  async load(): Promise<void> {
    this.campaigns ??= await this.storeCampaigns();
    for (const campaign of this.campaigns) if (!this.built.has(campaign.id)) await this.plan(campaign.id);
  }

  /** Whether `nextSend` can answer without `load` first. */
  get loaded(): boolean {
    return this.campaigns !== null && this.campaigns.every((campaign) => this.built.has(campaign.id));
  }

  /**
   * The earliest send of any campaign still sending, ties to the campaign with the smaller id;
   * null when none can ever happen. Call `load` first (see `loaded`).
   */
  nextSend(fromMs: number): { plan: CampaignPlan; send: NextSend } | null {
    let best: { plan: CampaignPlan; send: NextSend } | null = null;
    for (const campaign of this.campaigns ?? []) {
      if (campaign.halted !== null) continue;
      const plan = this.built.get(campaign.id);
      if (plan === undefined) throw new Error(`The plan of campaign "${campaign.id}" is not loaded.`);
      const send = plan.planner.next(fromMs);
      if (send !== null && (best === null || send.atMs < best.send.atMs)) best = { plan, send };
    }
    return best;
  }

  /** A list the store has just been given. */
  async addList(list: ListRecord, recipients: readonly RecipientRecord[]): Promise<void> {
    this.recipientsByList.set(list.id, recipients);
    const plan = await this.builtOrBuilding(list.campaignId);
    // A plan built meanwhile may have read the list from the store already.
    if (plan !== undefined && !plan.lists.has(list.id)) this.tellList(plan, list, recipients);
  }

  /** A campaign whose settings the store has just been given. */
  async updateCampaign(campaign: CampaignRecord): Promise<void> {
    this.campaigns = null;
    const plan = await this.builtOrBuilding(campaign.id);
    if (plan === undefined) return;
    if (rulesKey(plan.campaign) !== rulesKey(campaign)) plan.planner.setRules(rulesOf(campaign));
    plan.campaign = campaign;
  }

  /** The plan if it is built, or once it is if it is being built (it may have read the store before a change). */
  private async builtOrBuilding(campaignId: string): Promise<CampaignPlan | undefined> {
    return this.built.get(campaignId) ?? (await this.building.get(campaignId));
  }

  /**
   * Reads campaigns and lists again and tells each planner what changed (new lists, stops, new
   * settings): as cheap as reading them, so a worker may call it whenever the store's revision
   * moves. A campaign or list deleted meanwhile has its planner rebuilt from the store.
   */
  async refresh(): Promise<void> {
    const campaigns = await this.storeCampaigns();
    this.campaigns = campaigns;
    const present = new Set(campaigns.map((campaign) => campaign.id));
    for (const id of this.built.keys()) if (!present.has(id)) this.built.delete(id);
    for (const campaign of campaigns) {
      const plan = this.built.get(campaign.id);
      if (plan === undefined) continue;
      const lists = await this.store.lists(campaign.id);
      const listIds = new Set(lists.map((list) => list.id));
      if ([...plan.lists.keys()].some((id) => !listIds.has(id))) {
        this.built.delete(campaign.id);
        continue;
      }
      await this.updateCampaign(campaign);
      for (const list of lists) {
        if (!plan.lists.has(list.id)) this.tellList(plan, list, await this.recipients(list.id));
        else if (list.stoppedAt !== null) this.stopList(plan, list, list.stoppedAt.epochMilliseconds);
      }
    }
    this.campaigns = campaigns;
  }

  stopList(plan: CampaignPlan, list: ListRecord, atMs: number): void {
    plan.planner.stopList(list.id, atMs);
    const known = plan.lists.get(list.id);
    if (known !== undefined && known.stoppedAt === null) plan.lists.set(list.id, { ...known, stoppedAt: list.stoppedAt });
  }

  private tellList(plan: CampaignPlan, list: ListRecord, recipients: readonly RecipientRecord[]): void {
    plan.planner.addList(plannedListOf(list, recipients));
    plan.lists.set(list.id, list);
    if (list.stoppedAt !== null) plan.planner.stopList(list.id, list.stoppedAt.epochMilliseconds);
  }

  private async build(campaignId: string): Promise<CampaignPlan> {
    const campaign = await this.store.campaign(campaignId);
    if (campaign === null) throw new Error(`No campaign "${campaignId}" in the store.`);
    const { planner, lists } = await plannerFromStore(this.store, campaign, (listId) => this.recipients(listId));
    const plan: CampaignPlan = { campaign, planner, lists: new Map(lists.map((list) => [list.id, list])) };
    this.built.set(campaignId, plan);
    return plan;
  }
}

function rulesKey(campaign: CampaignRecord): string {
  return JSON.stringify([campaign.timeZone, campaign.hours, campaign.rate, campaign.dailyLimit]);
}
