// The `opensmsc history` command: an account's sent messages, newest first, one line each, for operators.
import type { Command } from 'commander';
import { DEFAULT_CONFIG } from '../config.ts';
import { formatCost } from '../money.ts';
import type { Store } from '../store/database.ts';
import { findAccountByLogin } from '../core/accounts.ts';
import { accountUtcOffsetMinutes } from '../core/account-zone.ts';
import { readHistory } from '../core/history.ts';
import { formatSmscDate } from '../wire/dates.ts';
import { statusName } from '../wire/statuses.ts';
import type { CalendarDay, HistoryCommand, HistoryRecord } from '../wire/types.ts';
import { DB_HELP, printOutcome, runWithStore, type OpenStoreFor, type Outcome } from './run-with-store.ts';

interface HistoryFlags {
  phone?: string;
  email?: string;
  since?: string;
  until?: string;
  limit: string;
  before?: string;
  db?: string;
}

const TEXT_PREVIEW_CHARS = 60;

/** The history call's own maximum page (seed page, `cnt`). */
const MAX_LIMIT = 1000;

const PROBLEMS = {
  unknownAccount: 'no account has that login',
  bothChannels: 'give --phone or --email, not both',
  badDay: 'dates are dd.mm.yyyy, e.g. 31.12.2025',
  badLimit: `--limit is a whole number from 1 to ${MAX_LIMIT}`,
  badBefore: '--before is an int_id (a positive whole number)',
  period: 'the period may span six months at most; give --until with an early --since',
  noMessages: 'no messages match',
};

/** Adds `history <login>` to `program`. */
export function registerHistoryCommand(program: Command, openStoreFor: OpenStoreFor): void {
  program
    .command('history')
    .description("print an account's sent messages, newest first: int_id, send date (account zone), address, status, cost, text")
    .argument('<login>', 'the account')
    .option('--phone <list>', 'only these comma-separated phone numbers')
    .option('--email <list>', 'the e-mail history instead, only these comma-separated addresses')
    .option('--since <dd.mm.yyyy>', 'first day, in the account zone')
    .option('--until <dd.mm.yyyy>', 'last day (included), in the account zone')
    .option('--limit <n>', `how many messages, 1 to ${MAX_LIMIT}`, '20')
    .option('--before <int_id>', 'only messages older than this one (the last int_id of the previous page)')
    .option('--db <db>', DB_HELP)
    .action(async (login: string, flags: HistoryFlags, command: Command) => {
      const parsed = parseFlags(flags);
      // Bad flags are answered before any database is opened.
      if ('problem' in parsed) return printOutcome(command, parsed);
      await runWithStore(command, openStoreFor, (store) => listHistory(store, login, parsed));
    });
}

async function listHistory(store: Store, login: string, command: HistoryCommand): Promise<Outcome> {
  const account = await findAccountByLogin(store, login);
  if (!account) return { problem: PROBLEMS.unknownAccount };
  const options = { now: Date.now(), moscowUtcOffsetMinutes: DEFAULT_CONFIG.moscowUtcOffsetMinutes };
  const records = await readHistory(store, account, command, options);
  if ('error' in records) return { problem: records.error === 'parameters' ? PROBLEMS.period : PROBLEMS.noMessages };
  const offsetMinutes = accountUtcOffsetMinutes(options, account);
  return { text: records.map((record) => `${formatLine(record, offsetMinutes)}\n`).join('') };
}

function parseFlags(flags: HistoryFlags): HistoryCommand | { problem: string } {
  if (flags.phone !== undefined && flags.email !== undefined) return { problem: PROBLEMS.bothChannels };
  const list = flags.email ?? flags.phone ?? '';
  const command: HistoryCommand = {
    channel: flags.email === undefined ? 'sms' : 'mail',
    addresses: list.split(',').map((a) => a.trim()).filter((a) => a !== ''),
    limit: Number(flags.limit),
  };
  if (!/^[1-9]\d{0,3}$/.test(flags.limit) || command.limit > MAX_LIMIT) return { problem: PROBLEMS.badLimit };
  if (flags.since !== undefined) {
    const from = parseDay(flags.since);
    if (!from) return { problem: PROBLEMS.badDay };
    command.from = from;
  }
  if (flags.until !== undefined) {
    const to = parseDay(flags.until);
    if (!to) return { problem: PROBLEMS.badDay };
    command.to = to;
  }
  if (flags.before !== undefined) {
    if (!/^[1-9]\d{0,14}$/.test(flags.before)) return { problem: PROBLEMS.badBefore };
    command.beforeIntId = Number(flags.before);
  }
  return command;
}

/** `dd.mm.yyyy` (one-digit day and month allowed) as a calendar day; undefined when no such day exists. */
function parseDay(text: string): CalendarDay | undefined {
  const m = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/.exec(text.trim());
  if (!m) return undefined;
  const [day, month, year] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  const exists = date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
  return exists && year >= 1970 ? { year, month, day } : undefined;
}

/** `int_id  send date  address  status (name)  cost  text`, the text cut to one short line. */
function formatLine(record: HistoryRecord, offsetMinutes: number): string {
  const text = Array.from(record.text.replace(/\r\n|\r|\n/g, '⏎')).slice(0, TEXT_PREVIEW_CHARS).join('');
  return [
    record.intId,
    formatSmscDate(record.sentAt, offsetMinutes),
    record.address,
    `${record.status} (${statusName(record.status)})`,
    formatCost(record.costMinor),
    text,
  ].join('  ');
}
