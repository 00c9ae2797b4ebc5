import { z } from 'zod';
import { deliveryStatuses } from '../../core/ports/provider.js';
import type { TimelineEvent } from '../../core/campaign/timeline.js';
import { weekdays, type WeeklyHours } from '../../core/schedule/hours.js';

// What the SQL stores (SQLite, PostgreSQL) share: the columns kept as JSON, checked when read back: a row may have been written by an older
// version of this code, or by hand. Checked for shape only; the rules were checked on the way in.

const windowText = z.tuple([z.string(), z.string()]).readonly();
export const hoursColumn = z.object(
  Object.fromEntries(weekdays.map((day) => [day, z.array(windowText).readonly()])) as Record<
    (typeof weekdays)[number],
    z.ZodReadonly<z.ZodArray<typeof windowText>>
  >
) satisfies z.ZodType<WeeklyHours>;

export const variablesColumn = z.record(z.string(), z.string());

/** What a timeline row keeps beyond its columns (phone, instant, type, campaign, list), by type. */
export const timelineDataColumn = {
  outbound: z.object({ campaignName: z.string(), listName: z.string(), body: z.string(), providerId: z.string() }),
  refused: z.object({ reason: z.string(), code: z.string() }),
  status: z.object({ providerId: z.string(), status: z.enum(deliveryStatuses), errorCode: z.string().nullable() }),
  customer: z.object({ body: z.string() })
};

/** The fields of `event` that its timeline row keeps as JSON. */
export function timelineData(event: TimelineEvent): string {
  switch (event.type) {
    case 'outbound':
      return JSON.stringify({ campaignName: event.campaignName, listName: event.listName, body: event.body, providerId: event.providerId });
    case 'refused':
      return JSON.stringify({ reason: event.reason, code: event.code });
    case 'status':
      return JSON.stringify({ providerId: event.providerId, status: event.status, errorCode: event.errorCode });
    case 'reply':
    case 'opt_out':
    case 'opt_in':
      return JSON.stringify({ body: event.body });
  }
}

/** Reads a JSON column, naming the table, row and column when it does not hold what it should. */
export function parseColumn<T>(schema: z.ZodType<T>, text: string, where: string): T {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new Error(`${where} is not JSON.`);
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`${where}${issue ? `.${issue.path.join('.')}: ${issue.message}` : ' is not as expected.'}`);
  }
  return parsed.data;
}
