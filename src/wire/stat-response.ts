// The get.php?get_stat=1 answer in each fmt: one record per login with cnt, credit, debit, currency (docs/billing.md).
import { formatBalance } from '../money.ts';
import { renderRecords, type Field } from './format.ts';
import type { Fmt } from './types.ts';

/** One login's totals over a period, in the domain's names; money in minor units. */
export interface StatRow {
  login: string;
  /** Messages paid for, net of refunds (`cnt`). */
  messages: number;
  /** Money spent: holds less refunds (`credit`). */
  spentMinor: number;
  /** Money credited: top-ups and adjustments (`debit`). */
  creditedMinor: number;
  currency: string;
}

// Totals of money read like a balance, so they keep both decimals (docs/billing.md).
function rowFields(row: StatRow): Field[] {
  return [
    ['login', row.login],
    ['cnt', row.messages],
    ['credit', formatBalance(row.spentMinor)],
    ['debit', formatBalance(row.creditedMinor)],
    ['currency', row.currency],
  ];
}

/** Renders the rows: a plain line each in fmt 0 and 1, `<list><stat>…</stat></list>` in fmt 2, a JSON array in fmt 3. */
export function renderStat(rows: readonly StatRow[], fmt: Fmt): string {
  return renderRecords(rows.map(rowFields), fmt, { list: 'list', item: 'stat' });
}
