export { parseScenario, safeParseScenario } from './parse.js';
export type { ParseOptions, ParseResult, CsvRecipient } from './parse.js';
export { ScenarioError, describeIssues, fieldPath } from './errors.js';
export { scenarioFileSchema as ScenarioSchema, campaignSchema } from './schema.js';
export type { ScenarioFile } from './schema.js';
export type { Scenario, Campaign, Recipient, RecipientList, StopAction } from './scenario.js';
export { providerSettingsSchema } from './provider-schema.js';
export type { ProviderSettings } from './provider-schema.js';
export { timeZoneIdOf } from './fields.js';
