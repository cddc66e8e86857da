// info.php: operator lookups, get_operator=1 (spec §6.5).
import { decodeOperatorLookup } from '../wire/operator-request.ts';
import { renderOperators } from '../wire/operator-response.ts';
import { languageOf } from '../core/accounts.ts';
import { lookupOperators } from '../core/operator-lookup.ts';
import { takeRequestLimits } from './request-limits.ts';
import type { Script } from './pipeline.ts';

export const infoScript: Script = {
  concurrency: 'any',
  countsErroneousSends: false,
  async run(gateway, { params, fmt, account }) {
    const command = decodeOperatorLookup(params);
    if ('error' in command) return command;
    // Spec §6.5: at most three identical requests, and a hundred of any kind, a minute.
    const limited = takeRequestLimits(gateway, account.id, params, 'identicalOperator', 'operator');
    if (limited) return limited;
    const clock = { now: gateway.now(), moscowUtcOffsetMinutes: gateway.config.moscowUtcOffsetMinutes };
    const records = lookupOperators(gateway.numbers, command, languageOf(account), clock);
    return 'error' in records ? records : renderOperators(records, command.multi, fmt);
  },
};
