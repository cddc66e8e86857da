// A refused submit_sm's command_status to a retry or a final SMSC status (docs/status-mapping.md, "Submits").
import type { SubmitOutcome } from '../connector.ts';
import { DeliveryError, MessageStatus } from '../../wire/statuses.ts';
import { CommandStatus } from './smpp-lib.ts';

/** Statuses that say "not now" rather than "never" (SMPP 3.4 §5.1.3): the message is offered again later. */
const TEMPORARY: Record<number, string> = {
  [CommandStatus.ESME_RINVBNDSTS]: 'ESME_RINVBNDSTS',
  [CommandStatus.ESME_RSYSERR]: 'ESME_RSYSERR',
  [CommandStatus.ESME_RMSGQFUL]: 'ESME_RMSGQFUL',
  [CommandStatus.ESME_RTHROTTLED]: 'ESME_RTHROTTLED',
  [CommandStatus.ESME_RX_T_APPN]: 'ESME_RX_T_APPN',
};

/** Permanent statuses with a meaning of their own; every other non-zero status is final 20/255. */
const PERMANENT: Record<number, { status: number; err: number }> = {
  [CommandStatus.ESME_RINVDSTADR]: { status: MessageStatus.InvalidNumber, err: DeliveryError.InvalidNumberFormat },
  [CommandStatus.ESME_RINVSRCADR]: { status: MessageStatus.Prohibited, err: DeliveryError.UnregisteredSender },
  [CommandStatus.ESME_RSUBMITFAIL]: { status: MessageStatus.Unavailable, err: DeliveryError.NoRoute },
};

const OTHER_PERMANENT = { status: MessageStatus.Undeliverable, err: DeliveryError.Rejected };

/** The outcome of a part refused with a non-zero `commandStatus`: retry for temporary statuses, else final. */
export function refusedSubmitOutcome(commandStatus: number): Exclude<SubmitOutcome, { accepted: string[] }> {
  const temporary = TEMPORARY[commandStatus];
  if (temporary) return { retry: `${temporary} 0x${commandStatus.toString(16).padStart(2, '0')}` };
  return { final: PERMANENT[commandStatus] ?? OTHER_PERMANENT };
}
