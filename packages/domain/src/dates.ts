/**
 * Calendar dates ('YYYY-MM-DD') and instants (ISO-8601 UTC). Pure helpers: they never read the
 * clock; `now` is always passed in by the caller.
 */

/** A calendar date, 'YYYY-MM-DD'. */
export type CalendarDate = string;
/** An instant, ISO-8601 in UTC, e.g. '2025-06-14T10:00:00Z'. */
export type Instant = string;

const DAY_MS = 86_400_000;
const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

function parts(date: CalendarDate): [number, number, number] {
  const match = DATE_PATTERN.exec(date);
  if (match === null) throw new RangeError(`Not a calendar date: ${date}`);
  return [Number(match[1]), Number(match[2]), Number(match[3])];
}

/** True if `value` is a real calendar date in 'YYYY-MM-DD' form (rejects 2025-02-30). */
export function isCalendarDate(value: string): boolean {
  if (!DATE_PATTERN.test(value)) return false;
  const [y, m, d] = parts(value);
  return new Date(Date.UTC(y, m - 1, d)).toISOString().slice(0, 10) === value;
}

/** Days since 1970-01-01 (integer). */
export function dayNumber(date: CalendarDate): number {
  const [y, m, d] = parts(date);
  return Date.UTC(y, m - 1, d) / DAY_MS;
}

/** Whole days from `from` to `to` (negative if `to` is earlier). */
export function daysBetween(from: CalendarDate, to: CalendarDate): number {
  return dayNumber(to) - dayNumber(from);
}

/** The date `days` days after `date`. */
export function addDays(date: CalendarDate, days: number): CalendarDate {
  return new Date((dayNumber(date) + days) * DAY_MS).toISOString().slice(0, 10);
}

/** The date `months` months after `date`; the day is clamped to the month's end. */
export function addMonths(date: CalendarDate, months: number): CalendarDate {
  const [y, m, d] = parts(date);
  const firstOfTarget = new Date(Date.UTC(y, m - 1 + months, 1));
  const lastDay = new Date(Date.UTC(firstOfTarget.getUTCFullYear(), firstOfTarget.getUTCMonth() + 1, 0));
  const day = Math.min(d, lastDay.getUTCDate());
  return new Date(Date.UTC(firstOfTarget.getUTCFullYear(), firstOfTarget.getUTCMonth(), day))
    .toISOString()
    .slice(0, 10);
}

const calendars = new Map<string, Intl.DateTimeFormat>();

/**
 * The calendar date of an instant in a time zone (an IANA name such as 'Europe/Berlin'). Every
 * date rule (admission, exit, notice, announcement) is judged on the cooperative's own calendar:
 * 23:30 UTC on 31 December is already 1 January in Berlin. Uses the ICU time-zone database that
 * ships with the JavaScript runtime (Intl), which follows the IANA releases.
 */
export function dateOf(instant: Instant, timeZone: string): CalendarDate {
  // The roll asks for the same instant once per member: the last answer is kept (a pure function).
  if (lastDate !== undefined && lastDate.instant === instant && lastDate.timeZone === timeZone)
    return lastDate.date;
  const date = formatDate(instant, timeZone);
  lastDate = { instant, timeZone, date };
  return date;
}

let lastDate: { instant: Instant; timeZone: string; date: CalendarDate } | undefined;

function formatDate(instant: Instant, timeZone: string): CalendarDate {
  let calendar = calendars.get(timeZone);
  if (calendar === undefined) {
    calendar = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
    });
    calendars.set(timeZone, calendar);
  }
  const parts = calendar.formatToParts(new Date(instant));
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('year')}-${part('month')}-${part('day')}`;
}

/** True if `name` is a time zone the runtime knows (an IANA name such as 'Europe/Berlin'). */
export function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

/** Negative, zero or positive as `a` is before, equal to or after `b`. */
export function compareInstants(a: Instant, b: Instant): number {
  return Date.parse(a) - Date.parse(b);
}

/** True if `value` parses as an ISO-8601 instant with an explicit zone. */
export function isInstant(value: string): boolean {
  return (
    /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(value) &&
    !Number.isNaN(Date.parse(value))
  );
}

/**
 * The last day of the business year containing `date`, for a business year starting on
 * `start` ('MM-DD', '01-01' for the calendar year). Exits take effect there (§65(2), §77(1) GenG).
 */
export function businessYearEnd(date: CalendarDate, start: string): CalendarDate {
  const year = parts(date)[0];
  const startThisYear = `${year}-${start}`;
  const yearStart = date >= startThisYear ? startThisYear : `${year - 1}-${start}`;
  return addDays(addMonths(yearStart, 12), -1);
}

/** The first day of the business year containing `date` (see {@link businessYearEnd}). */
export function businessYearStartOf(date: CalendarDate, start: string): CalendarDate {
  const year = parts(date)[0];
  const startThisYear = `${year}-${start}`;
  return date >= startThisYear ? startThisYear : `${year - 1}-${start}`;
}
