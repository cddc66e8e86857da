// The send.php `time`, `tz` and `valid` parameters, read into a ScheduleSpec and minutes (spec §3.1).
import type { ScheduleSpec, SmscError } from './types.ts';

const INVALID_TIME: SmscError = { error: 'invalidTime' };

/** DDMMYYhhmm (spec §3.1). */
const COMPACT = /^(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})$/;
/** DD.MM.YY hh:mm, or DD.MM.YYYY hh:mm (docs/compatibility.md). */
const DOTTED = /^(\d{2})\.(\d{2})\.(\d{2}|\d{4}) (\d{2}):(\d{2})$/;
const WINDOW = /^(\d{1,2})-(\d{1,2})$/;
// Up to ten digits of seconds (year 2286) keeps the value a safe integer once in milliseconds.
const UNIX = /^0(\d{1,10})$/;
// An unencoded '+' arrives as a space, so ' 15' means '+15' (docs/compatibility.md). Nine digits of
// minutes (about 1900 years) keep the value a safe integer once in milliseconds.
const RELATIVE = /^[+ ](\d{1,9})$/;
// tz may carry an unencoded '+' too.
const TZ = /^([+ -]?)(\d{1,2})$/;

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** A wall-clock date, or undefined when it is not on the calendar. */
function localTime(day: number, month: number, year: number, hour: number, minute: number): ScheduleSpec | undefined {
  const fullYear = year < 100 ? 2000 + year : year;
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(fullYear, month)) return undefined;
  if (hour > 23 || minute > 59) return undefined;
  return { kind: 'local', year: fullYear, month, day, hour, minute };
}

function readTime(time: string): ScheduleSpec | undefined {
  if (time === '' || time === '0') return { kind: 'now' };
  // Ten digits are DDMMYYhhmm even with a leading zero; `0<unix seconds>` has eleven for any date after 2001.
  const local = COMPACT.exec(time) ?? DOTTED.exec(time);
  if (local) {
    const [day, month, year, hour, minute] = local.slice(1).map(Number) as [number, number, number, number, number];
    return localTime(day, month, year, hour, minute);
  }
  const window = WINDOW.exec(time);
  if (window) {
    const fromHour = Number(window[1]);
    const toHour = Number(window[2]);
    return fromHour < toHour && toHour <= 24 ? { kind: 'window', fromHour, toHour } : undefined;
  }
  const unix = UNIX.exec(time);
  if (unix) return { kind: 'unix', seconds: Number(unix[1]) };
  const relative = RELATIVE.exec(time);
  if (relative) return { kind: 'relative', minutes: Number(relative[1]) };
  return undefined;
}

/** Reads `time` and `tz`; a malformed time or a tz outside -12..12 is error 5. */
export function parseSchedule(
  time: string | undefined,
  tz: string | undefined,
): { schedule: ScheduleSpec; tzOffsetHours?: number } | SmscError {
  const schedule = readTime(time ?? '');
  if (!schedule) return INVALID_TIME;
  if (tz === undefined || tz === '') return { schedule };
  const match = TZ.exec(tz);
  if (!match) return INVALID_TIME;
  // 0 - n rather than -n, so that '-0' is 0 and not -0.
  const hours = match[1] === '-' ? 0 - Number(match[2]) : Number(match[2]);
  return Math.abs(hours) <= 12 ? { schedule, tzOffsetHours: hours } : INVALID_TIME;
}

const VALIDITY_HOURS_MINUTES = /^(\d{1,2}):(\d{2})$/;
const VALIDITY_HOURS = /^\d{1,2}$/;
const MAX_VALIDITY_MINUTES = 24 * 60;

/** Reads `valid` as minutes: `hh:mm` or whole hours, 1 minute to 24 hours (spec §3.1); absent → undefined. */
export function parseValidity(valid: string | undefined): number | undefined | SmscError {
  if (valid === undefined || valid === '') return undefined;
  const hoursMinutes = VALIDITY_HOURS_MINUTES.exec(valid);
  let minutes = NaN;
  if (hoursMinutes && Number(hoursMinutes[2]) < 60) minutes = Number(hoursMinutes[1]) * 60 + Number(hoursMinutes[2]);
  else if (VALIDITY_HOURS.test(valid)) minutes = Number(valid) * 60;
  return minutes >= 1 && minutes <= MAX_VALIDITY_MINUTES ? minutes : { error: 'parameters' };
}
