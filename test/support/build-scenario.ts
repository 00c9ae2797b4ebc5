import { parseScenario, type Scenario } from '../../core/index.js';

type Hours = Partial<Record<'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat' | 'sun', [string, string][]>>;

export interface ListSpec {
  id: string;
  startAfter: string;
  endBefore?: string | null;
  createdAt?: string;
  /** One zone per recipient (null: the campaign's). */
  zones: (string | null)[];
}

export interface ScenarioSpec {
  timeZone?: string;
  hours: Hours;
  rate?: { messages: number; perSeconds: number };
  dailyLimit?: number | null;
  lists: ListSpec[];
  stops?: { at: string; stop: string }[];
  until?: string | null;
}

export const everyDay = (open: string, close: string): Hours =>
  Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, [[open, close]]])) as Hours;

export const weekdays = (open: string, close: string): Hours =>
  Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri'].map((d) => [d, [[open, close]]])) as Hours;

/** A scenario from just what a test is about; everything else takes a plain default. */
export function buildScenario(spec: ScenarioSpec): Scenario {
  return parseScenario({
    campaign: {
      name: 'Test campaign',
      timeZone: spec.timeZone ?? 'America/New_York',
      hours: spec.hours,
      rate: spec.rate ?? { messages: 1, perSeconds: 3600 },
      dailyLimit: spec.dailyLimit ?? null,
      message: 'Hello {{name|there}}'
    },
    lists: spec.lists.map((list, index) => ({
      id: list.id,
      fileName: `${list.id}.csv`,
      createdAt: list.createdAt ?? '2026-01-01T00:00:00Z',
      startAfter: list.startAfter,
      endBefore: list.endBefore ?? null,
      recipients: list.zones.map((zone, row) => ({
        phone: `+1646${2_000_000 + index * 100_000 + row}`,
        ...(zone === null ? {} : { timeZone: zone })
      }))
    })),
    actions: spec.stops ?? [],
    until: spec.until ?? null
  });
}
