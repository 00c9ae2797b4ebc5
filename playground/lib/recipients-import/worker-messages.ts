// What the import page and its worker say to each other. Types only: the page imports nothing of
// core's CSV, phone or zone code, which stays in the worker's bundle.
import type {
  DuplicateRow,
  ImportColumns,
  ImportWarning,
  InvalidRow,
  ListSegments,
  TemplateIssue
} from '../../../core/recipients/index.js';

/** The form's fields as typed, checked by the worker before it reads anything. */
export interface ImportSettingsInput {
  country: string;
  timeZone: string;
}

export type SettingsField = keyof ImportSettingsInput;

export interface FieldIssue {
  field: SettingsField;
  message: string;
}

export type ToWorker =
  /** `zones`: also send each usable recipient's time zone, for a projection of the list. */
  | { type: 'import'; file: File; settings: ImportSettingsInput; template: string; zones?: boolean }
  /** `seq` lets the page drop an answer to a template it has since edited. */
  | { type: 'template'; template: string; seq: number };

export type FromWorker =
  | { type: 'refused'; issues: FieldIssue[] }
  | { type: 'progress'; bytesRead: number; sizeBytes: number }
  | { type: 'imported'; list: ListSummary; template: TemplateCheck | null; zones: string[] | null }
  | { type: 'template'; seq: number; template: TemplateCheck | null }
  | { type: 'failed'; message: string };

/**
 * The import report as the page shows it. Invalid and duplicate rows are cut to their first
 * `ROWS_SENT` (their counts are whole): a million bad rows would cost more to copy to the page
 * and lay out in a table than to read, and a person fixes the pattern from the first ones.
 */
export interface ListSummary {
  fileName: string;
  sizeBytes: number;
  /** The settings as the import used them (`us` → `US`, `america/new_york` → `America/New_York`). */
  country: string;
  timeZone: string;
  rows: number;
  usable: number;
  invalidCount: number;
  invalid: InvalidRow[];
  duplicateCount: number;
  duplicates: DuplicateRow[];
  warnings: ImportWarning[];
  fileError: string | null;
  columns: ImportColumns | null;
}

/** A message template checked against the whole list, priced in segments, and shown for the first recipients. */
export interface TemplateCheck {
  errors: TemplateIssue[];
  warnings: TemplateIssue[];
  previews: MessagePreview[];
  /** Over every usable recipient of the list. */
  segments: ListSegments;
  recipients: number;
}

export interface MessagePreview {
  line: number;
  phone: string;
  name: string | null;
  text: string;
  characters: number;
  /** "1 segment (GSM-7)", "3 segments (UCS-2: contains ’)". */
  segments: string;
}

export const ROWS_SENT = 200;
export const PREVIEWS_SENT = 5;
