import { Temporal } from 'temporal-polyfill';
import { z } from 'zod';
import { normalisePhone, type PhoneResult } from '../recipients/phones.js';
import { defaultRate } from '../schedule/throttle.js';
import { instantField, positiveInteger, timeZoneField } from './fields.js';
import { hoursSchema } from './hours-schema.js';
import { providerSettingsSchema } from './provider-schema.js';

const rateSchema = z.strictObject({
  messages: positiveInteger('rate.messages'),
  perSeconds: z
    .number({ error: 'rate.perSeconds must be a number' })
    .refine((n) => Number.isFinite(n) && n > 0, { error: (i) => `rate.perSeconds must be more than 0, got ${String(i.input)}` })
});

export const campaignSchema = z.strictObject({
  name: z.string().min(1, { error: 'the campaign needs a name' }),
  timeZone: timeZoneField,
  hours: hoursSchema,
  rate: rateSchema.nullish().transform((rate) => rate ?? defaultRate),
  dailyLimit: positiveInteger('dailyLimit').nullish().transform((limit) => limit ?? null),
  message: z.string().default('')
});

/**
 * The same rule as a CSV's phone column, so a list means the same whichever way it is given.
 * A check reports a refusal and an overwrite writes the E.164 form, sharing one normalisation:
 * a transform would pipe every phone through extra parse payloads, and for a million inline
 * recipients V8 ends up allocating those in the old generation (twice the peak memory).
 */
const phoneField = z
  .string()
  .check((ctx) => {
    const phone = normalisedPhone(ctx.value);
    if (!phone.ok) ctx.issues.push({ code: 'custom', message: phone.reason, input: ctx.value });
  })
  .overwrite((text) => {
    const phone = normalisedPhone(text);
    return phone.ok ? phone.e164 : text;
  });

let lastPhoneText: string | null = null;
let lastPhone: PhoneResult = { ok: false, reason: '' };
/** The check and the overwrite ask about the same text one after the other. */
function normalisedPhone(text: string): PhoneResult {
  if (text !== lastPhoneText) {
    lastPhone = normalisePhone(text, 'US');
    lastPhoneText = text;
  }
  return lastPhone;
}

/**
 * A recipient given inline as validated, fields checked one by one; keys other than phone,
 * name and timeZone are template variables, which must be text or numbers.
 */
const recipientRowSchema = z
  .looseObject({ phone: phoneField, name: z.string().nullish(), timeZone: timeZoneField.nullish() })
  .check((ctx) => {
    for (const key in ctx.value) {
      if (key === 'phone' || key === 'name' || key === 'timeZone') continue;
      const value = ctx.value[key];
      if (typeof value !== 'string' && typeof value !== 'number') {
        ctx.issues.push({ code: 'custom', path: [key], message: `template variable ${key} must be text or a number`, input: value });
        return;
      }
    }
  });

/**
 * Inline recipients, each as `{ phone, name, timeZone, variables }`. Reshaped once the whole
 * list is valid rather than per row, for the same reason as the phone's overwrite.
 */
const recipientsSchema = z.array(recipientRowSchema).transform((rows) => rows.map(recipientOf));

/** Shared by every recipient without template variables (most of a big list): never written to. */
const noVariables: Record<string, string> = Object.freeze({}) as Record<string, string>;

function recipientOf(row: z.output<typeof recipientRowSchema>) {
  let variables = noVariables;
  for (const key in row) {
    if (key === 'phone' || key === 'name' || key === 'timeZone') continue;
    if (variables === noVariables) variables = {};
    variables[key] = String(row[key]);
  }
  return { phone: row.phone, name: row.name ?? null, timeZone: row.timeZone ?? null, variables };
}

const listSchema = z
  .strictObject({
    id: z.string().min(1, { error: 'a list needs an id' }),
    fileName: z.string().nullish(),
    createdAt: instantField,
    startAfter: instantField,
    endBefore: instantField.nullish().transform((end) => end ?? null),
    recipients: recipientsSchema.optional(),
    csv: z.string().min(1).optional()
  })
  .superRefine((list, ctx) => {
    if (list.recipients === undefined && list.csv === undefined)
      ctx.addIssue({ code: 'custom', message: 'give either recipients or csv' });
    if (list.recipients !== undefined && list.csv !== undefined)
      ctx.addIssue({ code: 'custom', message: 'give recipients or csv, not both' });
    if (list.endBefore !== null && Temporal.Instant.compare(list.endBefore, list.startAfter) <= 0)
      ctx.addIssue({ code: 'custom', path: ['endBefore'], message: 'endBefore must be after startAfter' });
  });

const actionSchema = z.strictObject({
  at: instantField,
  stop: z.string().min(1, { error: 'stop names the id of the list to stop' })
});

/** The scenario file as written (a list may still point at a CSV file). */
export const scenarioFileSchema = z
  .strictObject({
    campaign: campaignSchema,
    lists: z.array(listSchema),
    actions: z.array(actionSchema).nullish().transform((actions) => actions ?? []),
    provider: providerSettingsSchema.nullish().transform((p) => p ?? providerSettingsSchema.parse({})),
    until: instantField.nullish().transform((until) => until ?? null)
  })
  .superRefine((scenario, ctx) => {
    const firstIndex = new Map<string, number>();
    scenario.lists.forEach((list, index) => {
      const first = firstIndex.get(list.id);
      if (first === undefined) firstIndex.set(list.id, index);
      else ctx.addIssue({ code: 'custom', path: ['lists', index, 'id'], message: `"${list.id}" is already the id of lists[${first}]` });
    });
    scenario.actions.forEach((action, index) => {
      if (!firstIndex.has(action.stop))
        ctx.addIssue({ code: 'custom', path: ['actions', index, 'stop'], message: `no list has the id "${action.stop}"` });
    });
  });

export type ScenarioFile = z.output<typeof scenarioFileSchema>;
