import type { ImportLimits } from './types.js';

/**
 * The largest list accepted. A million recipients is more than a month of sending at the default
 * throttle (480 an hour), and 100 MiB holds a million rows of five columns with room to spare;
 * anything bigger is refused with a sentence before it can exhaust a browser tab or the server.
 */
export const DEFAULT_LIMITS: ImportLimits = {
  maxBytes: 100 * 1024 * 1024,
  maxRows: 1_000_000,
  maxRowChars: 1024 * 1024
};

export function resolveLimits(limits: Partial<ImportLimits> | undefined): ImportLimits {
  return { ...DEFAULT_LIMITS, ...limits };
}

export function formatMiB(bytes: number): string {
  return `${Math.round((bytes / (1024 * 1024)) * 10) / 10} MiB`;
}
