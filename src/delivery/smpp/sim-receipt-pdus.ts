// The simulator's delivery receipts for a complete message: which parts asked for one, and each one's deliver_sm fields.
import type { FinalStatus } from '../test-numbers.ts';
import { MessageStatus } from '../../wire/statuses.ts';
import { formatReceiptText } from './receipt-text.ts';
import { receiptState } from './sim-outcome.ts';
import type { SmscSimulatorOptions } from './smsc-simulator-options.ts';
import type { PduFields } from './smpp-lib.ts';

/** What the simulator remembers of each part until its message is complete. */
export interface PartTag {
  id: number;
  registeredDelivery: number;
  submittedAt: number;
}

/** How the simulator writes ids in its receipts, and whether it adds the SMPP 3.4 TLVs. */
export type ReceiptFormat = Required<Pick<SmscSimulatorOptions, 'messageIdFormat'>> &
  Pick<SmscSimulatorOptions, 'receiptTextIdFormat' | 'receiptIdDigits' | 'receiptTextOnly'>;

// SMPP 3.4 §5.2.12: esm_class 0x04 marks a deliver_sm as an SMSC delivery receipt.
const ESM_CLASS_RECEIPT = 0x04;

/** A simulator message id as it goes on the wire: upper-case hex or decimal. */
export function formatSimulatorId(id: number, format: 'hex' | 'decimal'): string {
  return format === 'hex' ? id.toString(16).toUpperCase() : String(id);
}

/** The parts whose registered_delivery asks for a receipt of `final`. */
export function partsWantingReceipts(tags: PartTag[], final: FinalStatus): PartTag[] {
  return tags.filter((tag) => wantsReceipt(tag.registeredDelivery, final.status === MessageStatus.Delivered));
}

/** One deliver_sm receipt per part in `tags`, from the message's destination back to its source, done at `doneDate`. */
export function receiptPdus(
  message: { source: string; destination: string; text: string },
  tags: PartTag[],
  final: FinalStatus,
  format: ReceiptFormat,
  doneDate: Date,
): PduFields[] {
  const { stat, messageState } = receiptState(final);
  return tags.map((tag) => {
    const body = formatReceiptText({
      id: receiptId(tag.id, format.receiptTextIdFormat ?? format.messageIdFormat, format),
      submitted: 1,
      delivered: stat === 'DELIVRD' ? 1 : 0,
      submitDate: new Date(tag.submittedAt),
      doneDate,
      stat,
      err: final.err,
      text: message.text,
    });
    const receipt = {
      source_addr: message.destination,
      destination_addr: message.source,
      esm_class: ESM_CLASS_RECEIPT,
      data_coding: 0,
      short_message: Buffer.from(body, 'latin1'),
    };
    const tlvs = { receipted_message_id: receiptId(tag.id, format.messageIdFormat, format), message_state: messageState };
    return format.receiptTextOnly ? receipt : { ...receipt, ...tlvs };
  });
}

function receiptId(id: number, idFormat: 'hex' | 'decimal', format: ReceiptFormat): string {
  return formatSimulatorId(id, idFormat).padStart(format.receiptIdDigits ?? 0, '0');
}

/** registered_delivery bits 0–1 (SMPP 3.4 §5.2.17): 1 asks for every final receipt, 2 only for failures. */
function wantsReceipt(registeredDelivery: number, delivered: boolean): boolean {
  const asked = registeredDelivery & 0x03;
  return asked === 1 || (asked === 2 && !delivered);
}
