import { checkTemplate } from '../recipients/templates.js';
import type { Recipient } from '../recipients/types.js';
import type { RecipientList } from './scenario.js';

/**
 * The campaign's message against each of its lists, by the product's one template check
 * (checkTemplate): errors refuse the campaign, warnings are worth a look. Each sentence starts
 * with `campaign.message`. For whoever takes a campaign in: the scenario parser, and any import
 * of a campaign into a store before its runtime sends.
 */
export function checkCampaignMessage(
  message: string,
  lists: readonly Pick<RecipientList, 'id' | 'recipients' | 'import'>[]
): { errors: string[]; warnings: string[] } {
  const errors: string[] = [];
  const warnings: string[] = [];
  const seen = new Set<string>();
  for (const list of lists) {
    // An empty list has no columns to check against, and nobody to text.
    if (list.recipients.length === 0) continue;
    const check = checkTemplate(message, list.import?.columns?.variables ?? variableKeys(list.recipients), list.recipients, lists.length > 1 ? list.id : null);
    for (const error of check.errors) {
      // A typo is the same typo for every list: said once, about the first.
      if (seen.has(error.code + (error.variable ?? ''))) continue;
      seen.add(error.code + (error.variable ?? ''));
      errors.push(`campaign.message: ${error.message}`);
    }
    for (const warning of check.warnings) warnings.push(`campaign.message: ${warning.message}`);
  }
  return { errors, warnings };
}

/** An inline list's variables, in the order they first appear. */
function variableKeys(recipients: readonly Recipient[]): string[] {
  const keys = new Set<string>();
  let last: Record<string, string> | null = null;
  for (const recipient of recipients) {
    if (recipient.variables === last) continue;
    last = recipient.variables;
    for (const key in recipient.variables) keys.add(key);
  }
  return [...keys];
}
