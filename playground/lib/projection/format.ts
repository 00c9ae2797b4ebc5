const formatters = new Map<string, Intl.DateTimeFormat>();

/** `Tue, Dec 22, 2026, 15:10 EST`: an instant as read in the campaign's zone. */
export function instantInZone(epochMs: number, timeZone: string): string {
  let format = formatters.get(timeZone);
  if (format === undefined) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      weekday: 'short',
      year: 'numeric',
      month: 'short',
      day: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
      timeZoneName: 'short'
    });
    formatters.set(timeZone, format);
  }
  return format.format(epochMs);
}

const numbers = new Intl.NumberFormat('en-US');

export function count(n: number): string {
  return numbers.format(n);
}
