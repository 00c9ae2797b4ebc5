import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseTemplate, renderTemplate, validateTemplate, type ImportedRecipient as Recipient, type TemplateRecipient } from '../../core/recipients/index.js';
import { importLines } from './support.js';

const list = importLines('name,phone,Order ID,coupon', 'Ada,2125559876,A-1,', ',2125559877,B-2,', 'Cy,2125559878,C-3,SAVE5');

describe('message templates', () => {
  it('parses placeholders with optional fallbacks', () => {
    expect(parseTemplate('Hi {{ name | there }}, order {{orderId}}!')).toEqual({
      template: {
        source: 'Hi {{ name | there }}, order {{orderId}}!',
        parts: [{ text: 'Hi ' }, { variable: 'name', fallback: 'there' }, { text: ', order ' }, { variable: 'orderId', fallback: null }, { text: '!' }]
      },
      errors: []
    });
  });

  it('renders per recipient, matching {{orderId}} to the column "Order ID" and falling back when empty', () => {
    const [ada, nameless] = list.recipients as [Recipient, Recipient];
    expect(renderTemplate('Hi {{name|there}}, order {{orderId}} is ready.', ada)).toBe('Hi Ada, order A-1 is ready.');
    expect(renderTemplate('Hi {{name|there}}, order {{order_id}} is ready.', nameless)).toBe('Hi there, order B-2 is ready.');
    expect(renderTemplate('Code: {{coupon}}.', nameless)).toBe('Code: .');
  });

  it('renders one parsed template alike for every recipient, whatever their headers are called', () => {
    const { template } = parseTemplate('Hi {{ Name|there }}, order {{orderId}}, code {{COUPON|none}}.');
    const recipients: TemplateRecipient[] = [
      { name: 'Ada', variables: { 'Order ID': 'A-1', coupon: 'SAVE5' } },
      { name: null, variables: { order_id: 'B-2', Coupon: '' } },
      { name: 'Cy', variables: { ORDERID: 'C-3' } },
      { name: 'Di', variables: { 'Ordér ID': 'D-4', 'coupon ': 'X' } }
    ];
    // Twice over: what is made once per template and per header must not change the second pass.
    for (let pass = 0; pass < 2; pass += 1) {
      expect(recipients.map((r) => renderTemplate(template, r))).toEqual([
        'Hi Ada, order A-1, code SAVE5.',
        'Hi there, order B-2, code none.',
        'Hi Cy, order C-3, code none.',
        'Hi Di, order D-4, code X.'
      ]);
    }
    expect(renderTemplate(template.source, recipients[0]!)).toBe('Hi Ada, order A-1, code SAVE5.');
  });

  it('names an unknown variable, and counts the recipients a variable without fallback leaves empty', () => {
    const result = validateTemplate('Hi {{name}}, {{orderNumber}} {{coupon}}', list.report.columns!.variables, list.recipients);
    expect(result.ok).toBe(false);
    expect(result.errors).toEqual([
      {
        code: 'unknown_variable',
        variable: 'orderNumber',
        message: '{{orderNumber}} is not a column of this list; its variables are name, Order ID, coupon'
      }
    ]);
    expect(result.warnings).toEqual([
      { code: 'empty_values', variable: 'name', count: 1, lines: [3], message: '{{name}} is empty for 1 of 3 recipients; add a fallback such as {{name|…}}' },
      { code: 'empty_values', variable: 'coupon', count: 2, lines: [2, 3], message: '{{coupon}} is empty for 2 of 3 recipients; add a fallback such as {{coupon|…}}' }
    ]);
  });

  it('names the known variable closest to a misspelt one', () => {
    const result = validateTemplate('Hi {{nmae}}, order {{orderID}} {{cuopon|none}}', list.report.columns!.variables, list.recipients);
    expect(result.errors.map((error) => error.message)).toEqual([
      '{{nmae}} is not a column of this list; did you mean {{name}}?',
      '{{cuopon}} is not a column of this list; did you mean {{coupon}}?'
    ]);
  });

  it('reports a placeholder never closed or naming nothing', () => {
    expect(validateTemplate('Hi {{name', [], []).errors).toEqual([
      { code: 'unclosed_placeholder', message: 'the placeholder at character 4 is never closed with }}' }
    ]);
    expect(validateTemplate('Hi {{ |x}}', [], []).errors[0]?.code).toBe('empty_placeholder');
  });

  it('prices the list in segments over the rendered messages', () => {
    const result = validateTemplate('Hi {{name|there}}, order {{orderId}}: {{coupon|no code}}’s yours', list.report.columns!.variables, list.recipients);
    expect(result.ok).toBe(true);
    expect(result.segments).toEqual({ total: 3, maxPerMessage: 1, ucs2Messages: 3, nonGsmCharacters: ['’'] });
    const long = validateTemplate(`{{name|there}} ${'x'.repeat(157)}`, [], list.recipients).segments;
    // "Ada " and "there " push 157 characters past 160; "Cy " lands exactly on it.
    expect(long).toEqual({ total: 5, maxPerMessage: 2, ucs2Messages: 0, nonGsmCharacters: [] });
  });

  it('renders any text without placeholders as itself, and never throws on any template', () => {
    const [ada] = list.recipients as [Recipient];
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('{', '}', '|', 'a', 'name', ' ', '’') }), (source) => {
        const rendered = renderTemplate(source, ada);
        if (!source.includes('{{')) expect(rendered).toBe(source);
        const { ok, errors } = validateTemplate(source, list.report.columns!.variables, list.recipients);
        // Only a placeholder can be wrong: text without one is always a valid template.
        if (!source.includes('{{')) expect({ ok, errors }).toEqual({ ok: true, errors: [] });
      })
    );
  });
});
