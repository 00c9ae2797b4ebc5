import type { z } from 'zod';

/** Each field's first problem, keyed by the form field's name, for messages shown next to it. */
export type FieldIssues = Record<string, string>;

export function issuesOf(error: z.ZodError): FieldIssues {
  const issues: FieldIssues = {};
  for (const issue of error.issues) {
    const field = issue.path.map(String).join('.') || 'form';
    issues[field] ??= issue.message;
  }
  return issues;
}

/** The form's text fields as typed, to put back into the form beside the issues. */
export function textFields(form: FormData, names: readonly string[]): Record<string, string> {
  return Object.fromEntries(names.map((name) => [name, String(form.get(name) ?? '')]));
}
