// get.php?get_messages=1 parameters into a HistoryCommand: period, channel, address filter, paging (seed-get-messages.txt).
import type { CalendarDay, HistoryCommand, Params, SmscError } from './types.ts';

const PARAMETERS: SmscError = { error: 'parameters' };

/** Records answered when `cnt` is absent or empty (docs/history.md); the seed page gives only the maximum. */
export const DEFAULT_HISTORY_COUNT = 100;

/** The seed page's maximum `cnt`. */
const MAX_HISTORY_COUNT = 1000;

// Each address is one term of the history query's filter; the cap bounds the query one request can build.
const MAX_HISTORY_ADDRESSES = 100;

// Messages start at the Unix epoch, and Date.UTC would read years 0..99 as 1900..1999.
const MIN_YEAR = 1970;

/** The seed's `format` values: 0 (default) SMS, 8 e-mail. */
const CHANNELS = new Map<string, HistoryCommand['channel']>([['', 'sms'], ['0', 'sms'], ['8', 'mail']]);

function daysInMonth(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** Negative, zero or positive as day `a` is before, the same as, or after day `b`. */
export function compareDays(a: CalendarDay, b: CalendarDay): number {
  return a.year - b.year || a.month - b.month || a.day - b.day;
}

/** The day six calendar months after `day`, clamped to the month's end (31.08 → 28.02 or 29.02). */
export function sixMonthsAfter(day: CalendarDay): CalendarDay {
  const months = day.month - 1 + 6;
  const year = day.year + Math.floor(months / 12);
  const month = (months % 12) + 1;
  return { year, month, day: Math.min(day.day, daysInMonth(year, month)) };
}

/** A period the seed page allows: `to` not before `from`, and at most six months after it. */
export function isAllowedPeriod(from: CalendarDay, to: CalendarDay): boolean {
  return compareDays(to, from) >= 0 && compareDays(to, sixMonthsAfter(from)) <= 0;
}

/** `dd.mm.yyyy`, or the seed's spaced `dd. mm. yyyy`; undefined when malformed or not a calendar day. */
export function readDay(value: string): CalendarDay | undefined {
  const m = /^(\d{2})\. *(\d{2})\. *(\d{4})$/.exec(value);
  if (!m) return undefined;
  const [day, month, year] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (year < MIN_YEAR || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  return { year, month, day };
}

/** A comma list with items trimmed and empty items dropped. */
function readAddresses(value: string | undefined): string[] {
  return (value ?? '').split(',').map((item) => item.trim()).filter((item) => item !== '');
}

/** A decimal integer without sign or leading zeros, within 1..max; undefined otherwise. */
function readPositive(value: string, max: number): number | undefined {
  // The length check comes first so a hostile megabyte of digits is never turned into a number.
  if (value.length > String(max).length || !/^[1-9][0-9]*$/.test(value)) return undefined;
  const n = Number(value);
  return n <= max ? n : undefined;
}

/** Decodes a get_messages request, or error 1. */
export function decodeHistory(params: Params): HistoryCommand | SmscError {
  const start = params.get('start') || undefined;
  const end = params.get('end') || undefined;
  // The seed defines `end` as the end of a period that begins at `start`.
  if (end !== undefined && start === undefined) return PARAMETERS;
  const from = start === undefined ? undefined : readDay(start);
  const to = end === undefined ? undefined : readDay(end);
  if ((start !== undefined && !from) || (end !== undefined && !to)) return PARAMETERS;
  // Six months at most (seed page, `start`); without `end` core checks against today.
  if (from && to && !isAllowedPeriod(from, to)) return PARAMETERS;

  const channel = CHANNELS.get(params.get('format') ?? '');
  if (!channel) return PARAMETERS;
  const phones = readAddresses(params.get('phone'));
  const emails = readAddresses(params.get('email'));
  // `phone` filters the SMS history and `email` the e-mail history; either one contradicts the other channel.
  if (channel === 'sms' ? emails.length > 0 : phones.length > 0) return PARAMETERS;
  const addresses = channel === 'sms' ? phones : emails;
  if (addresses.length > MAX_HISTORY_ADDRESSES) return PARAMETERS;

  const cnt = params.get('cnt');
  const limit = cnt ? readPositive(cnt, MAX_HISTORY_COUNT) : DEFAULT_HISTORY_COUNT;
  if (limit === undefined) return PARAMETERS;
  const prevId = params.get('prev_id');
  const beforeIntId = prevId ? readPositive(prevId, Number.MAX_SAFE_INTEGER) : undefined;
  if (prevId && beforeIntId === undefined) return PARAMETERS;

  const command: HistoryCommand = { channel, addresses, limit };
  if (from) command.from = from;
  if (to) command.to = to;
  if (beforeIntId !== undefined) command.beforeIntId = beforeIntId;
  return command;
}
