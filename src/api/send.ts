// send.php (and /rest/send/): decode, apply the duplicate limits, submit, render (spec §3).
import { decodeSend } from '../wire/send-request.ts';
import { renderSend } from '../wire/send-response.ts';
import { submitMessages } from '../core/submit.ts';
import { errorFor } from '../core/limits.ts';
import { requestFingerprint } from './fingerprint.ts';
import type { Script } from './pipeline.ts';

export const sendScript: Script = {
  concurrency: 'any',
  countsErroneousSends: true,
  async run(gateway, { params, fmt, account }) {
    const command = decodeSend(params);
    if ('error' in command) return command;
    const rule = command.costMode === 1 ? 'identicalCostQuery' : 'identicalSend';
    const ticket = gateway.limits.take(rule, requestFingerprint(account.id, params));
    if (!ticket) return { error: errorFor(rule) };
    // Only accepted sends count as duplicates: a failed send gives its slot back (docs/api.md).
    const outcome = await submitMessages(gateway.submit, account, command).catch((e: unknown) => {
      ticket.refund();
      throw e;
    });
    if ('error' in outcome) {
      if (rule === 'identicalSend') ticket.refund();
      return outcome;
    }
    return renderSend(outcome, command.costMode, command.details, fmt);
  },
};
