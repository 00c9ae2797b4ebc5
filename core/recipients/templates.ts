import { closestWord } from '../text/closest.js';
import { headerKey } from './header-columns.js';
import { countSegments, type SegmentCount } from './segments.js';
import type { Recipient } from './types.js';

export type TemplatePart = Readonly<{ text: string } | { variable: string; fallback: string | null }>;

/** A parsed template; read-only, so that what is derived from it once (see `compiled`) stays true. */
export interface Template {
  readonly source: string;
  readonly parts: readonly TemplatePart[];
}

export interface TemplateIssue {
  code: 'unclosed_placeholder' | 'empty_placeholder' | 'unknown_variable' | 'empty_values';
  message: string;
  variable?: string;
  /** Recipients concerned, for `empty_values`. */
  count?: number;
  /** Their first few lines. */
  lines?: number[];
}

/** What rendering reads of a recipient: any record with a name and variables will do. */
export type TemplateRecipient = Pick<Recipient, 'name' | 'variables'>;

/** What checking reads: a recipient from a CSV also says its line, for the warnings. */
export type CheckedRecipient = TemplateRecipient & { line?: number };

export interface ListSegments {
  /** Segments the whole list would cost, every message rendered. */
  total: number;
  /** The longest message's. */
  maxPerMessage: number;
  /** Messages that go out as UCS-2 (70 characters a segment instead of 160). */
  ucs2Messages: number;
  /** What forces UCS-2, over all messages. */
  nonGsmCharacters: string[];
}

export interface TemplateCheck {
  ok: boolean;
  errors: TemplateIssue[];
  warnings: TemplateIssue[];
}

export interface TemplateValidation extends TemplateCheck {
  segments: ListSegments;
}

const LINES_SHOWN = 10;

/** `Hi {{name|there}}, order {{ orderId }}` → parts; a `{{` never closed is kept as text and reported. */
export function parseTemplate(source: string): { template: Template; errors: TemplateIssue[] } {
  const parts: TemplatePart[] = [];
  const errors: TemplateIssue[] = [];
  let text = '';
  let at = 0;
  while (at < source.length) {
    const open = source.indexOf('{{', at);
    if (open === -1) break;
    const close = source.indexOf('}}', open + 2);
    if (close === -1) {
      errors.push({ code: 'unclosed_placeholder', message: `the placeholder at character ${open + 1} is never closed with }}` });
      break;
    }
    const [name = '', ...rest] = source.slice(open + 2, close).split('|');
    const variable = name.trim();
    text += source.slice(at, open);
    at = close + 2;
    if (variable === '') {
      errors.push({ code: 'empty_placeholder', message: `the placeholder at character ${open + 1} names no variable` });
      text += source.slice(open, at);
      continue;
    }
    if (text !== '') parts.push({ text });
    text = '';
    parts.push({ variable, fallback: rest.length === 0 ? null : rest.join('|').trim() });
  }
  text += source.slice(at);
  if (text !== '') parts.push({ text });
  return { template: { source, parts }, errors };
}

/** The message one recipient gets; an empty variable without a fallback renders as nothing. */
export function renderTemplate(template: Template | string, recipient: TemplateRecipient): string {
  let out = '';
  for (const part of compiled(asTemplate(template))) {
    if (part.key === null) out += part.text;
    else {
      const value = valueOfKey(part.key, recipient);
      out += value === '' ? (part.fallback ?? '') : value;
    }
  }
  return out;
}

/**
 * The one template check of the product (scenario files, the CLI, the web app, the runtime):
 * every placeholder must be `name` or one of `columns` (the list's variable columns, matched as
 * headers are: `{{orderId}}` finds "Order ID"), else it is an error naming the closest known one;
 * a variable empty for some recipients without a fallback is a warning saying how many.
 */
export function checkTemplate(
  template: Template | string,
  columns: readonly string[],
  recipients: readonly CheckedRecipient[],
  /** The list's name in the sentences, when there are several; "this list" otherwise. */
  listName: string | null = null
): TemplateCheck {
  const ofList = listName === null ? 'this list' : `list ${listName}`;
  const parsed = typeof template === 'string' ? parseTemplate(template) : { template, errors: [] };
  const errors = [...parsed.errors];
  const warnings: TemplateIssue[] = [];
  const known = ['name', ...columns];
  const knownKeys = new Set(known.map(headerKey));
  const checked = new Set<string>();
  for (const part of parsed.template.parts) {
    if ('text' in part || checked.has(headerKey(part.variable) + '|' + String(part.fallback))) continue;
    checked.add(headerKey(part.variable) + '|' + String(part.fallback));
    if (!knownKeys.has(headerKey(part.variable))) {
      const closest = closestWord(part.variable, known);
      errors.push({
        code: 'unknown_variable',
        variable: part.variable,
        message:
          closest === null
            ? `{{${part.variable}}} is not a column of ${ofList}; its variables are ${known.join(', ')}`
            : `{{${part.variable}}} is not a column of ${ofList}; did you mean {{${closest}}}?`
      });
      continue;
    }
    if (part.fallback !== null) continue;
    const key = headerKey(part.variable);
    let count = 0;
    const lines: number[] = [];
    for (const recipient of recipients) {
      if (valueOfKey(key, recipient) !== '') continue;
      count += 1;
      if (recipient.line !== undefined && lines.length < LINES_SHOWN) lines.push(recipient.line);
    }
    if (count > 0) {
      warnings.push({
        code: 'empty_values',
        variable: part.variable,
        count,
        ...(lines.length > 0 ? { lines } : {}),
        message: `{{${part.variable}}} is empty for ${count} of ${recipients.length} recipients${listName === null ? '' : ` of ${ofList}`}; add a fallback such as {{${part.variable}|…}}`
      });
    }
  }
  return { ok: errors.length === 0, errors, warnings };
}

/** The check, and what the whole list would cost in segments (every message rendered). */
export function validateTemplate(template: Template | string, columns: readonly string[], recipients: readonly CheckedRecipient[]): TemplateValidation {
  return { ...checkTemplate(template, columns, recipients), segments: segmentsOfList(asTemplate(template), recipients) };
}

function segmentsOfList(template: Template, recipients: readonly TemplateRecipient[]): ListSegments {
  const nonGsm = new Set<string>();
  let total = 0;
  let maxPerMessage = 0;
  let ucs2Messages = 0;
  for (const recipient of recipients) {
    const count: SegmentCount = countSegments(renderTemplate(template, recipient));
    total += count.segments;
    maxPerMessage = Math.max(maxPerMessage, count.segments);
    if (count.encoding === 'UCS-2') ucs2Messages += 1;
    for (const character of count.nonGsmCharacters) nonGsm.add(character);
  }
  return { total, maxPerMessage, ucs2Messages, nonGsmCharacters: [...nonGsm] };
}

function asTemplate(template: Template | string): Template {
  return typeof template === 'string' ? parseTemplate(template).template : template;
}

// `{{Order ID}}`, `{{orderId}}` and `{{order_id}}` all name the column headed "Order ID".
function valueOfKey(key: string, recipient: TemplateRecipient): string {
  if (key === 'name') return recipient.name ?? '';
  for (const header of Object.keys(recipient.variables)) {
    if (keyOfHeader(header) === key) return recipient.variables[header]!;
  }
  return '';
}

/** A template part with its variable's header key (null for text). */
interface CompiledPart {
  text: string;
  key: string | null;
  fallback: string | null;
}

/**
 * A campaign renders one template for a million recipients: its variables' header keys are made
 * once per template, not once per recipient (headerKey normalises and makes four strings). It
 * cannot answer stale: a Template is read-only, and the keys depend on nothing else.
 */
const compiledTemplates = new WeakMap<Template, CompiledPart[]>();

function compiled(template: Template): CompiledPart[] {
  let parts = compiledTemplates.get(template);
  if (parts === undefined) {
    parts = template.parts.map((part) =>
      'text' in part ? { text: part.text, key: null, fallback: null } : { text: '', key: headerKey(part.variable), fallback: part.fallback }
    );
    compiledTemplates.set(template, parts);
  }
  return parts;
}

/**
 * Recipients of a list share their headers: each header's key is made once (a bounded memo of a
 * pure function of the header text, so it cannot answer wrong).
 */
const headerKeys = new Map<string, string>();

function keyOfHeader(header: string): string {
  let key = headerKeys.get(header);
  if (key === undefined) {
    if (headerKeys.size >= 1024) headerKeys.clear();
    key = headerKey(header);
    headerKeys.set(header, key);
  }
  return key;
}
