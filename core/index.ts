export type { Clock } from './ports/clock.js';
export type { Random } from './ports/random.js';
export { seededRandom } from './ports/random.js';
export type { IdSource } from './ports/ids.js';
export { sequentialIds } from './ports/ids.js';
export type {
  Provider,
  OutboundSms,
  SendOutcome,
  ProviderEvent,
  ProviderMessage,
  DeliveryStatus
} from './ports/provider.js';
export { deliveryStatuses } from './ports/provider.js';
export * from './scenario/index.js';
export * from './plan/index.js';
export { weekdays, compileHours, minuteOfDay } from './schedule/hours.js';
export type { Weekday, WeeklyHours, WindowText, DayWindow } from './schedule/hours.js';
export { gapMs, defaultRate } from './schedule/throttle.js';
export type { Rate } from './schedule/throttle.js';
export { closestWord } from './text/closest.js';
export { ZoneWindows } from './schedule/windows.js';
export { LocalDays } from './schedule/days.js';
export {
  parseRecipientsCsv,
  parseRecipientsCsvBytes,
  parseRecipientsCsvStream,
  writeRecipientsCsv,
  normalisePhone,
  resolveTimeZone,
  checkTemplate,
  parseTemplate,
  renderTemplate,
  validateTemplate,
  countSegments,
  describeSegments,
  DEFAULT_LIMITS
} from './recipients/index.js';
export type {
  ImportedRecipient,
  CheckedRecipient,
  TemplateCheck,
  TemplateIssue,
  RecipientsImport,
  ImportReport,
  ImportWarning,
  RecipientsCsvOptions,
  Template,
  SegmentCount
} from './recipients/index.js';
export * from './runtime/index.js';
export * from './campaign/index.js';
