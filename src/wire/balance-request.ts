// balance.php parameters into a BalanceCommand (spec §5).
import type { BalanceCommand, Params } from './types.ts';

/** Decodes a balance.php request; `cur=1` asks for the currency too. */
export function decodeBalance(params: Params): BalanceCommand {
  return { withCurrency: params.get('cur') === '1' };
}
