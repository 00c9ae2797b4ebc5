// Recipient lists: a messy CSV in, recipients and a row-by-row report out; templates and SMS
// segments for the messages they will get. `parseRecipientsCsv` (or its byte and stream
// variants) is the one way a list enters the product: CLI, scenario files and playground alike.
// Limits: 100 MiB and 1,000,000 rows per list (DEFAULT_LIMITS), refused with a sentence.
// In a browser, run `parseRecipientsCsvStream(file.stream(), …)` inside a Web Worker.
export type {
  CountryCode,
  DuplicateRow,
  ImportColumns,
  ImportLimits,
  ImportedRecipient,
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
export { WARNING_LINES_SHOWN } from './warnings.js';
export { isCountryCode, normalisePhone, type PhoneResult } from './phones.js';
export { resolveTimeZone, type ZoneResult } from './zones.js';
export { writeRecipientsCsv } from './csv-writer.js';
export { neutraliseCell, restoreCell } from './formula.js';
export {
  checkTemplate,
  parseTemplate,
  renderTemplate,
  validateTemplate,
  type CheckedRecipient,
  type ListSegments,
  type Template,
  type TemplateCheck,
  type TemplateIssue,
  type TemplatePart,
  type TemplateRecipient,
  type TemplateValidation
} from './templates.js';
export { countSegments, describeSegments, type SegmentCount, type SmsEncoding } from './segments.js';
