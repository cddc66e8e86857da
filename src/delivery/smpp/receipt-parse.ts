// Reads a deliver_sm receipt: receipted_message_id and message_state TLVs first, the text body (id: stat: err:) second.
import type { Result } from '../../result.ts';
import { normaliseMessageId, type MessageIdFormat } from './message-ids.ts';
import type { PduFields } from './smpp-lib.ts';

/** message_state values (SMPP 3.4 §5.2.28). */
export const MessageState = {
  Enroute: 1,
  Delivered: 2,
  Expired: 3,
  Deleted: 4,
  Undeliverable: 5,
  Accepted: 6,
  Unknown: 7,
  Rejected: 8,
} as const;

/** What a receipt says about one part: its normalised carrier id, its message_state, and the body's err: if any. */
export interface ParsedReceipt {
  carrierId: string;
  state: number;
  /** The number in the body's `err:` field; absent when there is none or it is not a decimal number. */
  errCode?: number;
}

// The stat: words of SMPP 3.4 Appendix B, and spellings seen from real SMSCs: CM.com writes DELIVERD.
const STAT_WORDS: Record<string, number> = {
  ENROUTE: MessageState.Enroute,
  DELIVRD: MessageState.Delivered,
  DELIVERD: MessageState.Delivered,
  DELIVERED: MessageState.Delivered,
  EXPIRED: MessageState.Expired,
  DELETED: MessageState.Deleted,
  UNDELIV: MessageState.Undeliverable,
  UNDELIVERABLE: MessageState.Undeliverable,
  ACCEPTD: MessageState.Accepted,
  UNKNOWN: MessageState.Unknown,
  REJECTD: MessageState.Rejected,
  REJECTED: MessageState.Rejected,
};

/**
 * Octets of the body that are read: Appendix B bodies are about 120 characters, and a peer filling a 16 KiB
 * message_payload cannot make us scan all of it.
 */
export const MAX_RECEIPT_BODY_OCTETS = 512;

// Appendix B fields are `name:value` separated by spaces; the id may be padded or hex, the err three digits.
const FIELD = /(?:^|\s)(id|stat|err):(\S*)/gi;

/** Reads the receipt fields of a deliver_sm whose esm_class marks it a receipt; fails when no id or no state is found. */
export function parseReceipt(pdu: PduFields, idFormat: MessageIdFormat): Result<ParsedReceipt> {
  const body = bodyFields(pdu);
  const rawId = pdu.receipted_message_id || body.id;
  if (!rawId) return { err: new Error('the receipt names no message id') };
  const id = normaliseMessageId(rawId, idFormat);
  if (id.err) return id;
  const tlvState = pdu.message_state !== undefined && pdu.message_state >= MessageState.Enroute && pdu.message_state <= MessageState.Rejected ? pdu.message_state : undefined;
  const state = tlvState ?? (body.stat === undefined ? undefined : STAT_WORDS[body.stat.toUpperCase()]);
  if (state === undefined) return { err: new Error(`the receipt has no known state (stat:${body.stat ?? ''})`) };
  const errCode = body.err !== undefined && /^\d{1,5}$/.test(body.err) ? Number(body.err) : undefined;
  return errCode === undefined ? { carrierId: id.id, state } : { carrierId: id.id, state, errCode };
}

function bodyFields(pdu: PduFields): { id?: string; stat?: string; err?: string } {
  const octets = pdu.short_message?.length ? pdu.short_message : pdu.message_payload;
  if (!octets) return {};
  const text = octets.subarray(0, MAX_RECEIPT_BODY_OCTETS).toString('latin1');
  const fields: { id?: string; stat?: string; err?: string } = {};
  for (const match of text.matchAll(FIELD)) {
    const name = (match[1] as string).toLowerCase() as 'id' | 'stat' | 'err';
    // The first occurrence wins: `text:` at the end may repeat a field name inside the message's own words.
    fields[name] ??= match[2] as string;
  }
  return fields;
}
