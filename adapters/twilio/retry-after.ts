import { Temporal } from 'temporal-polyfill';

/**
 * How long a Retry-After header asks the client to wait, in milliseconds, at `nowMs`; undefined
 * when there is no header or it cannot be read (then it is ignored, not guessed at).
 *
 * HTTP allows two forms (RFC 9110 §10.2.3): delay-seconds (`120`) and an HTTP-date, which a
 * recipient must accept in all three of its historic shapes (§5.6.7). A date already past asks
 * for no wait. The date is the server's clock against ours, so skew shifts it; that is the
 * header's design; the retry rules take it as a floor under their own jittered wait.
 */
export function retryAfterMs(header: string | string[] | undefined, nowMs: number): number | undefined {
  const text = (Array.isArray(header) ? header[0] : header)?.trim();
  if (!text) return undefined;
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const atMs = httpDateMs(text, nowMs);
  return atMs === undefined ? undefined : Math.max(0, atMs - nowMs);
}

// ---- private helpers ----

const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const month = `(?<month>${months.join('|')})`;
const time = '(?<hour>\\d{2}):(?<minute>\\d{2}):(?<second>\\d{2})';

/** `Sun, 06 Nov 1994 08:49:37 GMT`, the form senders must use (and `+0000`, Twilio's own style). */
const imfFixdate = new RegExp(`^(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun), (?<day>\\d{2}) ${month} (?<year>\\d{4}) ${time} (?:GMT|\\+0000)$`);
/** `Sunday, 06-Nov-94 08:49:37 GMT`, obsolete, with a two-digit year. */
const rfc850 = new RegExp(
  `^(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday), (?<day>\\d{2})-${month}-(?<yy>\\d{2}) ${time} GMT$`
);
/** `Sun Nov  6 08:49:37 1994`, C's asctime(), in UTC. */
const asctime = new RegExp(`^(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun) ${month} (?<day> \\d|\\d{2}) ${time} (?<year>\\d{4})$`);

function httpDateMs(text: string, nowMs: number): number | undefined {
  const fields = (imfFixdate.exec(text) ?? rfc850.exec(text) ?? asctime.exec(text))?.groups;
  if (!fields) return undefined;
  const year = fields.year !== undefined ? Number(fields.year) : centuryOf(Number(fields.yy), nowMs);
  try {
    // overflow 'reject': 31 Feb is refused, not read as 3 March.
    const dateTime = Temporal.PlainDateTime.from(
      {
        year,
        month: months.indexOf(fields.month!) + 1,
        day: Number(fields.day),
        hour: Number(fields.hour),
        minute: Number(fields.minute),
        second: Number(fields.second)
      },
      { overflow: 'reject' }
    );
    return dateTime.toZonedDateTime('UTC').epochMilliseconds;
  } catch {
    return undefined;
  }
}

/** RFC 9110: a two-digit year that would be more than 50 years ahead is the last century's. */
function centuryOf(yy: number, nowMs: number): number {
  const nowYear = Temporal.Instant.fromEpochMilliseconds(nowMs).toZonedDateTimeISO('UTC').year;
  const year = Math.floor(nowYear / 100) * 100 + yy;
  return year > nowYear + 50 ? year - 100 : year;
}
