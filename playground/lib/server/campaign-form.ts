import { z } from 'zod';
import { hoursSchema } from '../../../core/scenario/hours-schema.js';
import { normalisePhone, parseTemplate, resolveTimeZone } from '../../../core/recipients/index.js';
import type { CampaignRecord } from '../../../core/ports/store.js';
import { weekdays, type WeeklyHours } from '../../../core/schedule/hours.js';
import { dayNames } from '../campaigns/schedule.js';
import type { CampaignDetails } from './app-tables.js';
import { issuesOf, type FieldIssues } from './form.js';

/** A campaign's settings as the Create/Edit form gives them, checked. */
export type CampaignInput = Omit<CampaignRecord, 'id' | 'halted'> & { details: CampaignDetails };

const time = /^(?:[01]\d|2[0-3]):[0-5]\d$/;
const optionalCount = (label: string) =>
  z
    .string()
    .trim()
    .refine((text) => text === '' || /^\d+$/.test(text), { error: `${label} must be a whole number, or empty for none.` })
    .transform((text) => (text === '' ? null : Number(text)))
    .refine((n) => n === null || n >= 1, { error: `${label} must be at least 1, or empty for none.` });

const fieldsSchema = z.object({
  name: z.string().trim().min(1, { error: 'Give the campaign a name.' }).max(100, { error: 'Use at most 100 characters.' }),
  description: z.string().trim().max(500, { error: 'Use at most 500 characters.' }),
  sender: z
    .string()
    .trim()
    .transform((text, ctx) => {
      if (text === '') return null;
      // Twilio's SIDs start with upper-case MG: the provider tells a Messaging Service by it.
      if (/^MG[0-9a-fA-F]{32}$/.test(text)) return text;
      const phone = normalisePhone(text, 'US');
      if (phone.ok) return phone.e164;
      ctx.addIssue({ code: 'custom', message: `“${text}” is neither a Messaging Service SID (MG followed by 32 hex digits) nor a phone number: ${phone.reason}.` });
      return z.NEVER;
    }),
  message: z
    .string()
    .trim()
    .min(1, { error: 'Write the message recipients will get.' })
    .max(1600, { error: 'Use at most 1,600 characters (10 segments).' })
    .superRefine((text, ctx) => {
      const { errors } = parseTemplate(text);
      if (errors.length > 0) ctx.addIssue({ code: 'custom', message: errors.map((e) => e.message).join(' ') });
    }),
  timeZone: z.string().transform((text, ctx) => {
    const zone = resolveTimeZone(text);
    if (zone.ok) return zone.timeZone;
    ctx.addIssue({ code: 'custom', message: text.trim() === '' ? 'Choose a time zone such as America/New_York.' : `Time zone: ${zone.reason}.` });
    return z.NEVER;
  }),
  throttle: z
    .string()
    .trim()
    .refine((text) => /^\d+$/.test(text) && Number(text) >= 1 && Number(text) <= 6000, { error: 'The throttle must be a whole number of messages a minute, from 1 to 6,000.' })
    .transform(Number),
  dailyLimit: optionalCount('The daily limit')
});

/** Reads and checks the Create/Edit form; each problem is keyed by the field it is shown beside. */
export function readCampaignForm(form: FormData): { ok: true; value: CampaignInput } | { ok: false; issues: FieldIssues } {
  const text = (name: string) => String(form.get(name) ?? '');
  const fields = fieldsSchema.safeParse({
    name: text('name'),
    description: text('description'),
    sender: text('sender'),
    message: text('message'),
    timeZone: text('timeZone'),
    throttle: text('throttle'),
    dailyLimit: text('dailyLimit')
  });
  const hours = readHours(form);
  const issues = { ...(fields.success ? {} : issuesOf(fields.error)), ...(hours.ok ? {} : hours.issues) };
  if (!fields.success || !hours.ok) return { ok: false, issues };
  const { name, description, sender, message, timeZone, throttle, dailyLimit } = fields.data;
  return {
    ok: true,
    value: { name, timeZone, hours: hours.value, rate: { messages: throttle, perSeconds: 60 }, dailyLimit, message, sender, details: { description } }
  };
}

function readHours(form: FormData): { ok: true; value: WeeklyHours } | { ok: false; issues: FieldIssues } {
  const issues: FieldIssues = {};
  const hours: Record<string, [string, string][]> = {};
  for (const day of weekdays) {
    const opens = form.getAll(`${day}.open`).map(String);
    const closes = form.getAll(`${day}.close`).map(String);
    if (form.get(`${day}.closed`) !== null) {
      hours[day] = [];
      continue;
    }
    const bad = [...opens, ...closes].find((t) => !time.test(t));
    if (bad !== undefined || opens.length !== closes.length || opens.length === 0) {
      issues[`hours.${day}`] = `${dayNames[day]}: “${bad ?? ''}” is not a time such as 09:00; or tick Closed.`;
      continue;
    }
    hours[day] = opens.map((open, i) => [open, closes[i] === '00:00' ? '24:00' : closes[i]!]);
  }
  if (Object.keys(issues).length > 0) return { ok: false, issues };
  const checked = hoursSchema.safeParse(hours);
  if (checked.success) return { ok: true, value: checked.data };
  for (const issue of checked.error.issues) {
    const day = issue.path[0];
    const key = typeof day === 'string' ? `hours.${day}` : 'hours';
    issues[key] ??= typeof day === 'string' ? `${dayNames[day as keyof typeof dayNames]}: ${issue.message}.` : `Sending hours: ${issue.message}.`;
  }
  return { ok: false, issues };
}
