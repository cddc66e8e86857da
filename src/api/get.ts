// get.php: the history of sent messages, get_messages=1 (seed-get-messages.txt); other get commands come later.
import { decodeHistory } from '../wire/history-request.ts';
import { renderHistory } from '../wire/history-response.ts';
import { readHistory } from '../core/history.ts';
import { errorFor } from '../core/limits.ts';
import { accountUtcOffsetMinutes } from '../core/account-zone.ts';
import { requestFingerprint } from './fingerprint.ts';
import type { Script } from './pipeline.ts';

export const getScript: Script = {
  concurrency: 'any',
  countsErroneousSends: false,
  async run(gateway, { params, fmt, account }) {
    if (params.get('get_messages') !== '1') return { error: 'parameters' };
    const command = decodeHistory(params);
    if ('error' in command) return command;
    // Seed page: at most three identical requests a minute and thirty of any kind an hour.
    const identical = gateway.limits.take('identicalHistory', requestFingerprint(account.id, params));
    if (!identical) return { error: errorFor('identicalHistory') };
    if (!gateway.limits.take('history', `${account.id}`)) {
      identical.refund();
      return { error: errorFor('history') };
    }
    const { config } = gateway;
    const records = await readHistory(gateway.store, account, command, { now: gateway.now(), moscowUtcOffsetMinutes: config.moscowUtcOffsetMinutes });
    if ('error' in records) return records;
    return renderHistory(records, accountUtcOffsetMinutes(config, account), fmt);
  },
};
