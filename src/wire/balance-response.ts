// The balance.php answer in each fmt (spec §5).
import { formatBalance } from '../money.ts';
import { jsonObject, xmlElement, type Field } from './format.ts';
import type { BalanceOutcome, Fmt } from './types.ts';

/** Renders the balance, with the currency code when `cur=1`; fmt 0 and 1 are the same plain line. */
export function renderBalance(outcome: BalanceOutcome, withCurrency: boolean, fmt: Fmt): string {
  const fields: Field[] = [['balance', formatBalance(outcome.balanceMinor)]];
  if (withCurrency) fields.push(['currency', outcome.currency]);
  if (fmt === 2) return xmlElement('result', fields);
  if (fmt === 3) return jsonObject(fields);
  return fields.map(([, value]) => value).join(', ');
}
