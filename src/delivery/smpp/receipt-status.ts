// Carrier states of a receipt to SMSC statuses and err codes (docs/status-mapping.md, "Receipts").
import { DeliveryError, MessageStatus, isSmscErrCode } from '../../wire/statuses.ts';
import { MessageState } from './receipt-parse.ts';


// A failed state's status, and its err when the receipt's own is not a usable SMSC code.
const FAILURES: Record<number, { status: number; err: number }> = {
  [MessageState.Expired]: { status: MessageStatus.Expired, err: DeliveryError.StatusNotReceived },
  [MessageState.Deleted]: { status: MessageStatus.Undeliverable, err: DeliveryError.Rejected },
  [MessageState.Undeliverable]: { status: MessageStatus.Undeliverable, err: DeliveryError.Rejected },
  [MessageState.Unknown]: { status: MessageStatus.Undeliverable, err: DeliveryError.Rejected },
  [MessageState.Rejected]: { status: MessageStatus.Prohibited, err: DeliveryError.Rejected },
};

/**
 * The final SMSC status and err of a receipt's message_state and `err:` number; undefined for a state that is not
 * final (ENROUTE, ACCEPTD), which is acknowledged and otherwise ignored.
 */
export function receiptStatus(state: number, err: number | undefined): { status: number; err: number } | undefined {
  if (state === MessageState.Delivered) return { status: MessageStatus.Delivered, err: DeliveryError.None };
  const failure = FAILURES[state];
  if (!failure) return undefined;
  // err:000 on a failure says nothing, so the state's own err stands in for it.
  const usable = err !== undefined && err !== DeliveryError.None && isSmscErrCode(err);
  return { status: failure.status, err: usable ? err : failure.err };
}
