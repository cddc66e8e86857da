// get.php?get_messages=1 in the domain: an account's sent messages of one channel, newest first, paged by int_id.
import type { Store } from '../store/database.ts';
import type { Account, Message } from '../store/schema.ts';
import { findCursor, findHistory, type HistoryCursor } from '../store/history.ts';
import { normalizeEmail, normalizePhone } from '../numbering/phones.ts';
import { compareDays, sixMonthsAfter } from '../wire/history-request.ts';
import { kindOf } from '../wire/kinds.ts';
import type { CalendarDay, HistoryCommand, HistoryRecord, SmscError } from '../wire/types.ts';
import { accountUtcOffsetMinutes } from './account-zone.ts';

/** The clock and the zone reference the history call reads days against. */
export interface HistoryOptions {
  now: number;
  moscowUtcOffsetMinutes: number;
}

const NOT_FOUND: SmscError = { error: 'recordNotFound' };

/** Unix ms of 00:00 of `day` (days may overflow the month: Date.UTC carries them) in a zone `offsetMinutes` east of UTC. */
export function startOfDay(day: CalendarDay, offsetMinutes: number): number {
  return Date.UTC(day.year, day.month - 1, day.day) - offsetMinutes * 60_000;
}

/** The calendar day that Unix ms `at` falls on in a zone `offsetMinutes` east of UTC. */
export function dayAt(at: number, offsetMinutes: number): CalendarDay {
  const d = new Date(at + offsetMinutes * 60_000);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

/** Each address in its stored form, without repeats; an address that cannot be normalised matches nothing. */
function normaliseAddresses(command: HistoryCommand): string[] {
  const normalize = command.channel === 'mail' ? normalizeEmail : normalizePhone;
  const stored = command.addresses.map(normalize).flatMap((result) => ('address' in result ? [result.address] : []));
  return [...new Set(stored)];
}

function toRecord(message: Message): HistoryRecord {
  return {
    status: message.status,
    err: message.err,
    statusAt: message.status_at,
    sentAt: message.created_at,
    address: message.phone,
    mccmnc: message.mccmnc,
    country: message.country,
    operator: message.operator,
    region: message.region,
    costMinor: message.cost_minor,
    sender: message.sender,
    text: message.body,
    kind: kindOf(message.kind),
    id: message.msg_id,
    intId: message.int_id,
    parts: message.sms_cnt,
  };
}

/** True when a period from `from` to today (in a zone `offsetMinutes` east of UTC) is longer than six months. */
export function openPeriodTooLong(from: CalendarDay, now: number, offsetMinutes: number): boolean {
  return compareDays(dayAt(now, offsetMinutes), sixMonthsAfter(from)) > 0;
}

/** A page of `account`'s history for `command`; error 3 when nothing matches, error 1 for a period over six months. */
export async function readHistory(store: Store, account: Account, command: HistoryCommand, options: HistoryOptions): Promise<HistoryRecord[] | SmscError> {
  const offsetMinutes = accountUtcOffsetMinutes(options, account);
  // Without an end the period runs to today, and may span six months at most (seed page, `start`).
  if (command.from && !command.to && openPeriodTooLong(command.from, options.now, offsetMinutes)) return { error: 'parameters' };
  const addresses = normaliseAddresses(command);
  if (command.addresses.length > 0 && addresses.length === 0) return NOT_FOUND;
  let after: HistoryCursor | undefined;
  if (command.beforeIntId !== undefined) {
    // Another account's int_id is answered like a missing one: its existence is not ours to reveal.
    after = await findCursor(store, account.id, command.beforeIntId);
    if (!after) return NOT_FOUND;
  }
  const rows = await findHistory(store, {
    accountId: account.id,
    channel: command.channel === 'mail' ? 8 : 0,
    addresses,
    sentFrom: command.from && startOfDay(command.from, offsetMinutes),
    sentBefore: command.to && startOfDay({ ...command.to, day: command.to.day + 1 }, offsetMinutes),
    after,
    limit: command.limit,
  });
  return rows.length === 0 ? NOT_FOUND : rows.map(toRecord);
}
