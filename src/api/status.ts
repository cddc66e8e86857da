// status.php: one or many messages, or del=1 (spec §4).
import { decodeStatus } from '../wire/status-request.ts';
import { renderDeleted, renderStatus } from '../wire/status-response.ts';
import { deleteWaitingMessage, lookUpStatuses } from '../core/message-status.ts';
import { errorFor } from '../core/limits.ts';
import { accountUtcOffsetMinutes } from '../core/account-zone.ts';
import type { Script } from './pipeline.ts';

export const statusScript: Script = {
  concurrency: 'status',
  countsErroneousSends: false,
  async run(gateway, { params, fmt, account }) {
    const command = decodeStatus(params);
    if ('error' in command) return command;
    const first = command.lookups[0]!;
    const rule = command.multi ? 'statusMass' : 'statusPerMessage';
    const key = command.multi ? `${account.id}` : JSON.stringify([account.id, first.id, first.address]);
    if (!gateway.limits.take(rule, key)) return { error: errorFor(rule) };

    if (command.delete) {
      const deleted = await deleteWaitingMessage(gateway.store, account, first, gateway.now());
      return deleted ? renderDeleted(fmt) : { error: 'deleteError' };
    }
    const records = await lookUpStatuses(gateway.store, account, command.lookups);
    const utcOffsetMinutes = accountUtcOffsetMinutes(gateway.config, account);
    return renderStatus(records, { multi: command.multi, detail: command.detail, utcOffsetMinutes }, fmt);
  },
};
