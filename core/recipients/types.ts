import type { CountryCode } from 'libphonenumber-js/max';

export type { CountryCode };

/**
 * One person to text: the product's one recipient type, whether the list came inline in a
 * scenario, from a CSV file or from the store.
 */
export interface Recipient {
  /** E.164, e.g. `+14155550100`. */
  phone: string;
  name: string | null;
  /** IANA name; the campaign's zone when the list gave none. */
  timeZone: string;
  /** Every value that is not the name, phone or time zone, keyed by its column header (or key) as written. */
  variables: Record<string, string>;
}

/** A recipient read from a CSV row, with where it came from. */
export interface ImportedRecipient extends Recipient {
  /** 0-based index among the usable recipients of the list: the `row` of a send. */
  row: number;
  /** Where the row is in a spreadsheet: the header is line 1, blank lines count, quoted newlines do not. */
  line: number;
}

export interface InvalidRow {
  line: number;
  /** Why the row cannot be used, e.g. `phone "555-12" is not a valid number for US (too short)`. */
  reason: string;
}

export interface DuplicateRow {
  line: number;
  phone: string;
  /** The line of the row that is kept. */
  firstLine: number;
}

export type WarningCode =
  | 'default_time_zone'
  | 'fixed_offset_time_zone'
  | 'phone_without_plus'
  | 'formula_prefix'
  | 'extra_fields'
  | 'missing_fields'
  | 'malformed_quotes'
  | 'replacement_characters'
  | 'not_utf8'
  | 'lines_before_header'
  | 'ignored_column'
  | 'ambiguous_column';

/** Something imported but worth a look; aggregated per code so a million rows make one warning. */
export interface ImportWarning {
  code: WarningCode;
  message: string;
  /** How many rows (or columns) it concerns. */
  count: number;
  /** The first few lines concerned, at most `WARNING_LINES_SHOWN`. */
  lines: number[];
}

/** Which header cell holds what; null when the file has no usable header. */
export interface ImportColumns {
  phone: string;
  name: string | null;
  timeZone: string | null;
  variables: string[];
}

export interface ImportReport {
  /** Data rows: every non-blank line after the header. */
  rows: number;
  usable: number;
  duplicates: DuplicateRow[];
  invalid: InvalidRow[];
  warnings: ImportWarning[];
  /** Why nothing in the file could be imported (empty, no phone column, too large…), else null. */
  fileError: string | null;
  columns: ImportColumns | null;
}

export interface RecipientsImport {
  recipients: ImportedRecipient[];
  report: ImportReport;
}

export interface ImportLimits {
  /** Bytes of a byte input or stream, UTF-16 code units of a string. */
  maxBytes: number;
  maxRows: number;
  /** One row this long is a quote never closed, not a recipient. */
  maxRowChars: number;
}

export interface RecipientsCsvOptions {
  /**
   * The campaign's IANA zone, used for rows without a time zone. Null when there is no campaign
   * yet (a list checked on its own): such rows are still warned about, and read as UTC.
   */
  defaultTimeZone: string | null;
  /** For numbers written without a country code; `US` when absent. */
  defaultCountry?: CountryCode;
  limits?: Partial<ImportLimits>;
  /** The input's size when known (a file's stat, a File's size): refuses a too large file before reading it. */
  sizeBytes?: number;
}
