export { createRuntime } from './runtime.js';
export type { Runtime, RuntimeOptions, CampaignHalt } from './runtime.js';
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
  AttemptResult,
  ListCounts
} from '../ports/store.js';
