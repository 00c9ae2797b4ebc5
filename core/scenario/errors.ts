import type { z } from 'zod';
import { closestWord } from '../text/closest.js';

/** `["campaign", "hours", "mon", 0]` → `campaign.hours.mon[0]`. */
export function fieldPath(path: readonly PropertyKey[]): string {
  let text = '';
  for (const key of path) {
    if (typeof key === 'number') text += `[${key}]`;
    else text += text === '' ? String(key) : `.${String(key)}`;
  }
  return text;
}

/**
 * Zod's issues as sentences that start with the field they are about. An unknown key is named
 * with the field it most likely meant (`campaign.timezone is not a field; did you mean
 * timeZone?`), and the "is required" of that field is then left out: it is the same mistake.
 */
export function describeIssues(error: z.ZodError, schema: z.ZodType, input: unknown): string[] {
  const isMissing = (issue: z.core.$ZodIssue) => issue.code === 'invalid_type' && issue.path.length > 0 && valueAt(input, issue.path) === undefined;
  const missingFields = error.issues.filter(isMissing).map((issue) => fieldPath(issue.path));
  const meant = new Set<string>();
  const unknown: string[] = [];
  for (const issue of error.issues) {
    if (issue.code !== 'unrecognized_keys') continue;
    const fields = fieldsAt(schema, issue.path);
    // One unknown key beside one missing field of the same object: most likely that field, misspelt.
    const missingHere = fields.filter((field) => missingFields.includes(fieldPath([...issue.path, field])));
    for (const key of issue.keys) {
      const where = fieldPath([...issue.path, key]);
      const closest = closestWord(key, fields) ?? (issue.keys.length === 1 && missingHere.length === 1 ? missingHere[0]! : null);
      if (closest !== null) meant.add(fieldPath([...issue.path, closest]));
      const hint = closest !== null ? `did you mean ${closest}?` : `the fields here are ${fields.join(', ')}`;
      unknown.push(`${where} is not a field; ${hint}`);
    }
  }
  const others = error.issues.flatMap((issue) => {
    if (issue.code === 'unrecognized_keys') return [];
    const where = fieldPath(issue.path);
    if (where === '') return ['the scenario must be a JSON object with "campaign" and "lists"'];
    if (!isMissing(issue)) return [`${where}: ${plainMessage(issue, valueAt(input, issue.path))}`];
    return meant.has(where) ? [] : [`${where} is required`];
  });
  return [...unknown, ...others];
}

// What zod expects, in the words of a person writing the file.
const expectedWords: Record<string, string> = {
  string: 'text',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
  array: 'a list',
  tuple: 'a list',
  object: 'an object',
  record: 'an object'
};

/** Zod's own messages ("Invalid input: expected string, received number") said plainly; ours as written. */
function plainMessage(issue: z.core.$ZodIssue, value: unknown): string {
  if (issue.code === 'invalid_type' && issue.message.startsWith('Invalid input')) {
    return `must be ${expectedWords[issue.expected] ?? issue.expected}, not ${describeValue(value)}`;
  }
  if ((issue.code === 'too_small' || issue.code === 'too_big') && /^Too (small|big):/.test(issue.message) && issue.origin === 'array') {
    const bound = Number(issue.code === 'too_small' ? issue.minimum : issue.maximum);
    return `must hold ${issue.code === 'too_small' ? 'at least' : 'at most'} ${bound} item${bound === 1 ? '' : 's'}`;
  }
  return issue.message;
}

/** A value as a message names it: `a list`, `null`, `"9am"`, `5`. */
export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'boolean') return String(value);
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (typeof value === 'number') return String(value);
  return `a ${typeof value}`;
}

/** What the input holds at a path, undefined when nothing. */
function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let at = input;
  for (const key of path) {
    if (typeof at !== 'object' || at === null || !Object.hasOwn(at, key)) return undefined;
    at = (at as Record<PropertyKey, unknown>)[key];
  }
  return at;
}

/** How many further problems one sentence lists after the first. */
const MORE_SHOWN = 3;

/**
 * The problems of an input as one line: the first, then up to three more, then how many others:
 * `a (and 2 more problems: b; c)`.
 */
export function problemsSentence(issues: readonly string[]): string {
  const [first = 'invalid scenario', ...rest] = issues;
  if (rest.length === 0) return first;
  const shown = rest.slice(0, MORE_SHOWN);
  const others = rest.length - shown.length;
  const tail = others > 0 ? `; and ${others} other${others === 1 ? '' : 's'}` : '';
  return `${first} (and ${rest.length} more problem${rest.length === 1 ? '' : 's'}: ${shown.join('; ')}${tail})`;
}

/** A scenario that cannot be used; `message` is the first problems, `issues` all of them. */
export class ScenarioError extends Error {
  override readonly name = 'ScenarioError';

  constructor(readonly issues: string[]) {
    super(problemsSentence(issues));
  }
}

/** The field names an object schema takes at `path`, found by walking the schema itself. */
function fieldsAt(schema: z.ZodType, path: readonly PropertyKey[]): string[] {
  let at: z.ZodType | undefined = unwrapped(schema);
  for (const key of path) {
    if (at === undefined) return [];
    const def = at._zod.def as unknown as Record<string, unknown> & { type: string };
    if (def.type === 'object') at = (def.shape as Record<string, z.ZodType>)[String(key)];
    else if (def.type === 'array') at = def.element as z.ZodType;
    else if (def.type === 'tuple') at = (def.items as z.ZodType[])[Number(key)];
    else return [];
    at = at === undefined ? undefined : unwrapped(at);
  }
  const def = at?._zod.def as unknown as { type: string; shape?: Record<string, unknown> } | undefined;
  return def?.type === 'object' && def.shape !== undefined ? Object.keys(def.shape) : [];
}

/** Through optional, nullable, default and transform wrappers to the schema that reads the value. */
function unwrapped(schema: z.ZodType): z.ZodType {
  let at = schema;
  for (;;) {
    const def = at._zod.def as unknown as Record<string, unknown> & { type: string };
    if (def.type === 'pipe') at = def.in as z.ZodType;
    else if ('innerType' in def) at = def.innerType as z.ZodType;
    else return at;
  }
}
