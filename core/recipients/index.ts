export type {
  CountryCode,
  DuplicateRow,
  ImportColumns,
  ImportLimits,
  ImportReport,
  ImportWarning,
  InvalidRow,
  Recipient,
  RecipientsCsvOptions,
  RecipientsImport,
  WarningCode
} from './types.js';
export { parseRecipientsCsv, parseRecipientsCsvBytes, parseRecipientsCsvStream, type CsvSource } from './csv.js';
export { DEFAULT_LIMITS } from './limits.js';
export { WARNING_LINES_SHOWN } from './report.js';
export { isCountryCode, normalisePhone, type PhoneResult } from './phones.js';
export { canonicalTimeZone, resolveTimeZone, type ZoneResult } from './zones.js';
export { writeRecipientsCsv } from './csv-writer.js';
export { neutraliseCell, restoreCell } from './formula.js';
export {
  parseTemplate,
  renderTemplate,
  validateTemplate,
  type ListSegments,
  type Template,
  type TemplateIssue,
  type TemplatePart,
  type TemplateValidation
} from './templates.js';
export { countSegments, describeSegments, type SegmentCount, type SmsEncoding } from './segments.js';
