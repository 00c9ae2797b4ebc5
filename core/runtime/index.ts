export { createRuntime, LeaseLostError } from './runtime.js';
export type { Runtime, RuntimeOptions, CampaignHalt } from './runtime.js';
export { applyProviderEvent, ProviderEventHub, ProviderEventQueue } from './provider-events.js';
export { haltCampaign } from './halt.js';
export { reconcile, defaultAcceptanceWindowMs } from './reconcile.js';
export { plannerFromStore } from './planner-from-store.js';
export { storeScenario } from './scenario-into-store.js';
export { templateRenderer } from './render.js';
export { retryDelayMs, maxTransientRetries } from './backoff.js';
export type {
  Store,
  CampaignRecord,
  ListRecord,
  RecipientRecord,
  RecipientState,
  SendAttempt,
  NewAttempt,
  AttemptResult,
  AttemptEnd,
  ClaimResult,
  LeaseHold,
  ListCounts,
  DeliveryReport,
  DeliveryApplied,
  InboundReport
} from '../ports/store.js';
