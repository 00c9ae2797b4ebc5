import { z } from 'zod';

const rate = (what: string) =>
  z
    .number({ error: `${what} must be a number` })
    .min(0, { error: `${what} must be between 0 and 1` })
    .max(1, { error: `${what} must be between 0 and 1` });

/**
 * The simulated provider of `simulate`: one seed drives every random choice. Rates are
 * probabilities per message. Absent, the provider is ideal: it never fails, delays or replies.
 */
export const providerSettingsSchema = z.strictObject({
  seed: z.number().int({ error: 'seed must be a whole number' }).default(1),
  failureRate: rate('failureRate').default(0),
  transientFailureRate: rate('transientFailureRate').default(0),
  replyRate: rate('replyRate').default(0),
  optOutRate: rate('optOutRate').default(0),
  latencyMs: z.number().min(0).default(0),
  deliveryDelayMs: z.number().min(0).default(0),
  replyDelayMs: z.number().min(0).default(0)
});

export type ProviderSettings = z.output<typeof providerSettingsSchema>;
