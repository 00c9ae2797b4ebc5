import type { Temporal } from 'temporal-polyfill';
import type { ProjectedList } from '../plan/projection.js';
import type { Clock } from '../ports/clock.js';
import type { IdSource } from '../ports/ids.js';
import type { Provider } from '../ports/provider.js';
import type { Random } from '../ports/random.js';
import type { CampaignRecord, LeaseHold, ListRecord, RecipientRecord, Store } from '../ports/store.js';
import type { CampaignHalt } from './halt.js';
import type { ProviderEventHub } from './provider-events.js';

// What the runtime offers the CLI, the worker and the web app (see runtime.ts for the loop).

export interface RuntimeOptions {
  clock: Clock;
  store: Store;
  provider: Provider;
  /** Jitter of retry delays. */
  random: Random;
  ids: IdSource;
  /** The message for one recipient; by default the campaign's template rendered for them. */
  render?: (template: string, recipient: RecipientRecord) => string;
  maxTransientRetries?: number;
  /** The one campaign to send (a worker runs a runtime per campaign it holds); every campaign in the store when absent. */
  campaignId?: string;
  /** The lease every claim must hold; when a claim finds it lost, `run` rejects with LeaseLostError. */
  lease?: LeaseHold;
  /**
   * Where the provider's events are applied when several runtimes share the provider (each event
   * once); the runtime makes its own, and `run` rejects when one cannot be written, when absent.
   */
  events?: ProviderEventHub;
  /** How long the provider may take to show a message it took, when reconciling (see reconcile.ts). Default 2 minutes. */
  acceptanceWindowMs?: number;
}

export interface Runtime {
  /**
   * Sends until `signal` aborts, or, with `exitWhenIdle`, until nothing can ever be sent again.
   * Attempts left `sending` (a crash) are reconciled with the provider beside sending, their
   * recipients held and daily units reserved until then. Rejects with
   * LeaseLostError when a claim finds the lease gone, and with a store's error if a write fails.
   */
  run(options?: { signal?: AbortSignal; exitWhenIdle?: boolean }): Promise<void>;
  addList(list: ListRecord, recipients: readonly RecipientRecord[]): Promise<void>;
  /** Stops a list now: nothing more is sent for it, not even at this very instant. */
  stopList(listId: string): Promise<void>;
  /** New settings for a campaign (hours, rate, limit, message); sending re-plans at once. */
  updateCampaign(campaign: CampaignRecord): Promise<void>;
  /**
   * The list as `project` shows it, as of `asOf` (default now); `null` means once nothing more
   * can happen, as a projection without `until` reports it (a list that can never end: as of now).
   */
  listStatus(listId: string, asOf?: Temporal.Instant | null): Promise<ProjectedList>;
  halts(): readonly CampaignHalt[];
  /**
   * Reads campaigns, lists and stops from the store again and re-plans: for a worker whose store
   * another process writes to (the web app adding a list), which `addList` never heard of. Cheap
   * enough to call whenever the store's `revision()` changes.
   */
  refresh(): Promise<void>;
  /** Applies the provider events already received, then stops listening to the provider (unless the events were given). */
  close(): Promise<void>;
}

/** A claim found the runtime's lease held by another process (or expired): stop sending. */
export class LeaseLostError extends Error {
  constructor(readonly lease: LeaseHold) {
    super(`The lease "${lease.name}" is no longer held by "${lease.holder}"; another worker may be sending.`);
    this.name = 'LeaseLostError';
  }
}
