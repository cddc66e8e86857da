// get.php?get_stat=1 in the domain: an account's messages paid for and money spent and credited over a period, from the ledger.
import type { Store } from '../store/database.ts';
import type { Account } from '../store/schema.ts';
import { sumLedger } from '../store/ledger.ts';
import type { StatCommand } from '../wire/stat-request.ts';
import type { StatRow } from '../wire/stat-response.ts';
import type { SmscError } from '../wire/types.ts';
import { accountUtcOffsetMinutes } from './account-zone.ts';
import { dayAt, openPeriodTooLong, startOfDay, type HistoryOptions } from './history.ts';

/**
 * The account's totals over the command's days in its zone; error 1 when, without an end, today is more than six
 * months after the start. One row: the account's own login (no sub-clients). Days are read as by the history call.
 */
export async function readStats(store: Store, account: Account, command: StatCommand, options: HistoryOptions): Promise<StatRow[] | SmscError> {
  const offsetMinutes = accountUtcOffsetMinutes(options, account);
  // Without an end the period runs to today, under the history call's six-month rule (docs/billing.md).
  if (!command.to && openPeriodTooLong(command.from, options.now, offsetMinutes)) return { error: 'parameters' };
  // Nothing is entered ahead of the clock, so the end of today is "up to now".
  const last = command.to ?? dayAt(options.now, offsetMinutes);
  const sums = await sumLedger(store.db, {
    accountId: account.id,
    from: startOfDay(command.from, offsetMinutes),
    to: startOfDay({ ...last, day: last.day + 1 }, offsetMinutes),
  });
  const { topup, adjust, hold, refund } = sums.amountMinor;
  return [{
    login: account.login,
    messages: sums.messages,
    // Holds are negative and refunds positive; 0 − … keeps an empty period at 0 rather than −0.
    spentMinor: 0 - hold - refund,
    creditedMinor: topup + adjust,
    currency: account.currency,
  }];
}
