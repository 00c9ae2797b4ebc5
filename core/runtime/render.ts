import { parseTemplate, renderTemplate, type Template } from '../recipients/templates.js';
import type { RecipientRecord } from '../ports/store.js';

/**
 * Renders campaign messages, parsing each distinct template once: a campaign renders the same
 * template for every recipient, and a million parses would cost more than the sends.
 */
export function templateRenderer(): (template: string, recipient: RecipientRecord) => string {
  const parsed = new Map<string, Template>();
  return (source, recipient) => {
    let template = parsed.get(source);
    if (template === undefined) {
      template = parseTemplate(source).template;
      parsed.set(source, template);
    }
    return renderTemplate(template, recipient);
  };
}
