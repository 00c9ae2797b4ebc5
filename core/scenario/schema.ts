import { Temporal } from 'temporal-polyfill';
import { z } from 'zod';
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
 * Inline recipients as written: each an object, read later with a CSV's column rules (see
 * inline-recipients.ts). A custom check rather than a record schema: a record would copy each of a
 * million rows only to have them read again.
 */
const recipientsSchema = z.array(
  z.custom<Record<string, unknown>>((value) => typeof value === 'object' && value !== null && !Array.isArray(value), {
    error: 'a recipient is an object such as { "phone": "+14155550100", "name": "Ada" }'
  })
);

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
