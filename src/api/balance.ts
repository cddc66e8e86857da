// balance.php: the account's balance, with its currency on cur=1 (spec §5).
import { decodeBalance } from '../wire/balance-request.ts';
import { renderBalance } from '../wire/balance-response.ts';
import { errorFor } from '../core/limits.ts';
import { currentBalanceMinor } from '../core/accounts.ts';
import type { Script } from './pipeline.ts';

export const balanceScript: Script = {
  concurrency: 'any',
  countsErroneousSends: false,
  async run(gateway, { params, fmt, account }) {
    const command = decodeBalance(params);
    if (!gateway.limits.take('balance', `${account.id}`)) return { error: errorFor('balance') };
    return renderBalance({ balanceMinor: await currentBalanceMinor(gateway.store, account), currency: account.currency }, command.withCurrency, fmt);
  },
};
