// get.php?get_messages=1: the history of sent messages (seed-get-messages.txt).
import { decodeHistory } from '../wire/history-request.ts';
import { renderHistory } from '../wire/history-response.ts';
import { readHistory } from '../core/history.ts';
import { accountUtcOffsetMinutes } from '../core/account-zone.ts';
import { takeRequestLimits } from './request-limits.ts';
import type { GetCommand } from './get.ts';

export const getMessages: GetCommand = async (gateway, { params, fmt, account }) => {
  const command = decodeHistory(params);
  if ('error' in command) return command;
  // Seed page: at most three identical requests a minute and thirty of any kind an hour.
  const limited = takeRequestLimits(gateway, account.id, params, 'identicalHistory', 'history');
  if (limited) return limited;
  const { config } = gateway;
  const records = await readHistory(gateway.store, account, command, { now: gateway.now(), moscowUtcOffsetMinutes: config.moscowUtcOffsetMinutes });
  if ('error' in records) return records;
  return renderHistory(records, accountUtcOffsetMinutes(config, account), fmt);
};
