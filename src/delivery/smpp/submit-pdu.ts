// The submit_sm fields of one message part: addresses with their TON/NPI, data_coding, validity, receipts.
import type { OutboundMessage } from '../connector.ts';
import type { SmppConnectorConfig } from '../connector-config.ts';
import type { PduFields } from './smpp-lib.ts';
import type { MessagePart } from './split.ts';

// data_coding bit 4 with message class 0 in bits 0–1 (GSM 03.38 §4, coding group 00xx, which SMPP 3.4 §5.2.19
// passes through): a flash SMS shown at once and not stored. 0x10 for GSM-7, 0x18 for UCS-2.
const DATA_CODING_FLASH = 0x10;

// A sender of digits (an optional '+' first) is a number; anything else is an alphanumeric sender ID.
const NUMERIC_SENDER = /^\+?\d+$/;

/** The submit_sm fields for `part` of `message`, with validity_period as an absolute UTC time. */
export function submitFields(message: OutboundMessage, part: MessagePart, config: SmppConnectorConfig): PduFields {
  const source = sourceAddress(message.sender, config);
  // One literal of fixed shape: spreading into it made every field a slow dictionary store (2 % of the main thread).
  const fields: PduFields = {
    source_addr_ton: source.ton,
    source_addr_npi: source.npi,
    source_addr: source.address,
    dest_addr_ton: config.destTon,
    dest_addr_npi: config.destNpi,
    destination_addr: message.address,
    esm_class: part.esmClass,
    registered_delivery: config.registeredDelivery,
    data_coding: message.kind === 'flash' ? part.dataCoding | DATA_CODING_FLASH : part.dataCoding,
    validity_period: smppAbsoluteTime(message.expiresAt),
    short_message: part.shortMessage,
  };
  return Object.assign(fields, part.tlvs);
}

function sourceAddress(sender: string, config: SmppConnectorConfig): { ton: number; npi: number; address: string } {
  // No sender: TON/NPI 0 (unknown) and an empty address, so the SMSC puts in its default.
  if (sender === '') return { ton: 0, npi: 0, address: '' };
  if (NUMERIC_SENDER.test(sender)) return { ton: config.sourceTon, npi: config.sourceNpi, address: sender.replace('+', '') };
  return { ton: config.sourceTonAlpha, npi: config.sourceNpiAlpha, address: sender };
}

/** The last second smppAbsoluteTime was asked for, and its text. */
let lastTime = { second: NaN, text: '' };

/**
 * `ms` as an SMPP absolute time in UTC, YYMMDDhhmmss000+ (SMPP 3.4 §7.1.1: tenths 0, offset 00 quarter hours).
 * Absolute rather than relative, so the time a part waits in our window or for a reconnect does not extend it.
 */
export function smppAbsoluteTime(ms: number): string {
  // Messages accepted in the same second share their validity's end: its text is made once for all of them.
  const second = Math.floor(ms / 1000);
  if (second !== lastTime.second) lastTime = { second, text: absoluteTimeText(second * 1000) };
  return lastTime.text;
}

function absoluteTimeText(ms: number): string {
  const date = new Date(ms);
  const two = (n: number) => String(n).padStart(2, '0');
  return (
    two(date.getUTCFullYear() % 100) + two(date.getUTCMonth() + 1) + two(date.getUTCDate()) +
    two(date.getUTCHours()) + two(date.getUTCMinutes()) + two(date.getUTCSeconds()) + '000+'
  );
}
