export { parseScenario, safeParseScenario } from './parse.js';
export { checkCampaignMessage } from './message-check.js';
export type { ParseOptions, ParseResult } from './parse.js';
export { ScenarioError, describeIssues, fieldPath, problemsSentence } from './errors.js';
export { scenarioFileSchema as ScenarioSchema, campaignSchema } from './schema.js';
export type { ScenarioFile } from './schema.js';
export type { Scenario, Campaign, Recipient, RecipientList, StopAction } from './scenario.js';
export { providerSettingsSchema } from './provider-schema.js';
export type { ProviderSettings } from './provider-schema.js';
