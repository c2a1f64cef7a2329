/**
 * RFC 1123 / RFC 7231 IMF-fixdate, always GMT, zero-padded day: `Thu, 04 Nov 2021 18:07:11 GMT`.
 * This is exactly what `Date.prototype.toUTCString()` produces for years 0000..9999.
 */

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'] as const;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'] as const;

const HTTP_DATE =
  /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), (\d{2}) (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) (\d{4}) (\d{2}):(\d{2}):(\d{2}) GMT$/;

const HTTP_DATE_EXAMPLE = 'Thu, 04 Nov 2021 18:07:11 GMT';

const pad = (value: number, width: number): string => String(value).padStart(width, '0');

/** Format as an RFC 1123 GMT date. Throws RangeError for an invalid Date or a year outside 0000..9999. */
export function formatHttpDate(date: Date): string {
  const time = date.getTime();
  if (Number.isNaN(time)) throw new RangeError('formatHttpDate: invalid Date');
  const year = date.getUTCFullYear();
  if (year < 0 || year > 9999) throw new RangeError(`formatHttpDate: year ${year} is outside 0000..9999`);
  return (
    `${WEEKDAYS[date.getUTCDay()]}, ${pad(date.getUTCDate(), 2)} ${MONTHS[date.getUTCMonth()]} ${pad(year, 4)} ` +
    `${pad(date.getUTCHours(), 2)}:${pad(date.getUTCMinutes(), 2)}:${pad(date.getUTCSeconds(), 2)} GMT`
  );
}

export type HttpDateCheck = { ok: true; date: Date } | { ok: false; detail: string };

/** Strict parse with an explanation of what is wrong (for error details). */
export function checkHttpDate(value: string): HttpDateCheck {
  const match = HTTP_DATE.exec(value);
  if (match === null) {
    return {
      ok: false,
      detail: `Date must be an RFC 1123 GMT date with a zero-padded day, e.g. "${HTTP_DATE_EXAMPLE}"`,
    };
  }
  const [, weekday = '', dayText = '', monthText = '', yearText = '', hh = '', mm = '', ss = ''] = match;
  const day = Number(dayText);
  const month = MONTHS.indexOf(monthText as (typeof MONTHS)[number]);
  const year = Number(yearText);
  const hours = Number(hh);
  const minutes = Number(mm);
  const seconds = Number(ss);
  if (hours > 23 || minutes > 59 || seconds > 59) {
    return { ok: false, detail: 'Date has a time of day out of range (00:00:00..23:59:59)' };
  }
  const date = new Date(0);
  // setUTCFullYear, unlike Date.UTC, does not map years 0..99 to 1900..1999.
  date.setUTCFullYear(year, month, day);
  date.setUTCHours(hours, minutes, seconds, 0);
  if (day < 1 || date.getUTCDate() !== day || date.getUTCMonth() !== month) {
    return {
      ok: false,
      detail: `Date names day ${dayText} of ${monthText} ${yearText}, which does not exist`,
    };
  }
  const actualWeekday = WEEKDAYS[date.getUTCDay()];
  if (actualWeekday !== weekday) {
    return {
      ok: false,
      detail: `Date says ${weekday} but ${dayText} ${monthText} ${yearText} is a ${actualWeekday}`,
    };
  }
  return { ok: true, date };
}

/** Strict parse: exactly the RFC 1123 GMT format, real calendar date, matching weekday; otherwise undefined. */
export function parseHttpDate(value: string): Date | undefined {
  const result = checkHttpDate(value);
  return result.ok ? result.date : undefined;
}
