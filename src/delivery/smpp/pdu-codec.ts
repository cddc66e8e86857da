// SMPP 3.4 PDUs as the client end of a link writes and reads them (§4, §5.3 TLVs), in one pass over one buffer.
//
// The `smpp` package's codec walks every field through generic type objects and filters, and a PDU costs it several
// objects and copies each way; at thousands of submits and receipts a second that was a tenth of the gateway's main
// thread (bench/README.md). This codec knows the bodies a client sends (binds, submit_sm, responses) and receives
// (bind and submit_sm responses, deliver_sm); any other command is named and read as its header alone. Byte for byte
// it matches the package (test/delivery/smpp/pdu-codec.test.ts), which the simulator and the tests still use.
import type { Pdu, PduFields, SmppCommand } from './smpp-lib.ts';

/** command_length, command_id, command_status and sequence_number (§3.2): a PDU is never shorter. */
export const HEADER_OCTETS = 16;
const RESPONSE_BIT = 0x80000000;
const GENERIC_NACK = 0x80000000;
// SMPP 3.4 §5.1.3: ESME_RINVCMDID, what a command without a response of its own is answered with.
const INVALID_COMMAND = 0x03;

/** Every SMPP 3.4 request (§5.1.2); each has a response at its id with the top bit set, but outbind and alert_notification. */
const REQUESTS: Record<string, number> = {
  bind_receiver: 0x01,
  bind_transmitter: 0x02,
  query_sm: 0x03,
  submit_sm: 0x04,
  deliver_sm: 0x05,
  unbind: 0x06,
  replace_sm: 0x07,
  cancel_sm: 0x08,
  bind_transceiver: 0x09,
  outbind: 0x0b,
  enquire_link: 0x15,
  submit_multi: 0x21,
  alert_notification: 0x102,
  data_sm: 0x103,
};
const WITHOUT_RESPONSE = new Set(['outbind', 'alert_notification']);

const COMMAND_IDS = new Map<string, number>([['generic_nack', GENERIC_NACK]]);
for (const [command, id] of Object.entries(REQUESTS)) {
  COMMAND_IDS.set(command, id);
  if (!WITHOUT_RESPONSE.has(command)) COMMAND_IDS.set(`${command}_resp`, (id | RESPONSE_BIT) >>> 0);
}
const COMMANDS_BY_ID = new Map([...COMMAND_IDS].map(([command, id]) => [id, command]));

/** How a field is laid out: one octet, a NUL-terminated ASCII string, or octets after a one-octet length (sm_length). */
type FieldType = 'int8' | 'cstring' | 'octets';
type Field = readonly [name: string, type: FieldType];

// §4.1.1: the body of every bind.
const BIND: readonly Field[] = [
  ['system_id', 'cstring'], ['password', 'cstring'], ['system_type', 'cstring'], ['interface_version', 'int8'],
  ['addr_ton', 'int8'], ['addr_npi', 'int8'], ['address_range', 'cstring'],
];
// §4.4.1 and §4.6.1: submit_sm and deliver_sm share one layout.
const SHORT_MESSAGE: readonly Field[] = [
  ['service_type', 'cstring'], ['source_addr_ton', 'int8'], ['source_addr_npi', 'int8'], ['source_addr', 'cstring'],
  ['dest_addr_ton', 'int8'], ['dest_addr_npi', 'int8'], ['destination_addr', 'cstring'], ['esm_class', 'int8'],
  ['protocol_id', 'int8'], ['priority_flag', 'int8'], ['schedule_delivery_time', 'cstring'], ['validity_period', 'cstring'],
  ['registered_delivery', 'int8'], ['replace_if_present_flag', 'int8'], ['data_coding', 'int8'], ['sm_default_msg_id', 'int8'],
  ['short_message', 'octets'],
];
const SYSTEM_ID: readonly Field[] = [['system_id', 'cstring']];
const MESSAGE_ID: readonly Field[] = [['message_id', 'cstring']];
const BODIES: Record<string, readonly Field[]> = {
  bind_receiver: BIND, bind_transmitter: BIND, bind_transceiver: BIND,
  bind_receiver_resp: SYSTEM_ID, bind_transmitter_resp: SYSTEM_ID, bind_transceiver_resp: SYSTEM_ID,
  submit_sm: SHORT_MESSAGE, deliver_sm: SHORT_MESSAGE,
  submit_sm_resp: MESSAGE_ID, deliver_sm_resp: MESSAGE_ID,
};

/** The optional parameters (§5.3.2) a link sends or reads, by tag; any other TLV is skipped when read. */
type TlvType = 'int8' | 'int16' | 'cstring' | 'octets';
const TLVS: readonly (readonly [name: string, tag: number, type: TlvType])[] = [
  ['receipted_message_id', 0x001e, 'cstring'],
  ['user_message_reference', 0x0204, 'int16'],
  ['sar_msg_ref_num', 0x020c, 'int16'],
  ['sar_total_segments', 0x020e, 'int8'],
  ['sar_segment_seqnum', 0x020f, 'int8'],
  ['sc_interface_version', 0x0210, 'int8'],
  ['message_payload', 0x0424, 'octets'],
  ['message_state', 0x0427, 'int8'],
];
const TLVS_BY_TAG = new Map(TLVS.map(([name, tag, type]) => [tag, [name, type] as const]));

/** A PDU of a client link: its header, and its fields by their SMPP names. */
export class SmppPdu implements Pdu {
  command: string;
  command_id: number;
  command_status: number;
  sequence_number: number;

  /** A PDU to send: `command`'s fields from `fields`, absent ones 0 or empty; sequence_number 0 until sent. */
  constructor(command: SmppCommand | `${SmppCommand}_resp`, fields: PduFields = {}) {
    Object.assign(this, fields);
    const id = COMMAND_IDS.get(command);
    if (id === undefined) throw new Error(`unknown SMPP command ${command}`);
    this.command = command;
    this.command_id = id;
    this.command_status = fields.command_status ?? 0;
    this.sequence_number = fields.sequence_number ?? 0;
  }

  isResponse(): boolean {
    return (this.command_id & RESPONSE_BIT) !== 0;
  }

  /** The response to this request; a generic_nack, ESME_RINVCMDID unless told otherwise, for a PDU without one of its own (§4.3). */
  response(fields: PduFields = {}): Pdu {
    const answer = `${this.command}_resp`;
    const sequence_number = this.sequence_number;
    if (!COMMAND_IDS.has(answer)) return new SmppPdu('generic_nack', { sequence_number, command_status: fields.command_status || INVALID_COMMAND });
    return new SmppPdu(answer as `${SmppCommand}_resp`, { ...fields, sequence_number });
  }
}

type FieldValues = Record<string, unknown>;

/** `pdu` on the wire; throws for a value a field cannot hold (a short_message over 255 octets). A PDU with an error status is its header alone (§3.2). */
export function encodePdu(pdu: Pdu): Buffer {
  const values = pdu as unknown as FieldValues;
  const body = pdu.command_status === 0 ? (BODIES[pdu.command] ?? []) : [];
  const tlvs = pdu.command_status === 0 ? TLVS.filter(([name]) => values[name] !== undefined) : [];
  let length = HEADER_OCTETS;
  for (const [name, type] of body) length += fieldOctets(values[name], type, name);
  for (const [name, , type] of tlvs) length += 4 + tlvOctets(values[name], type);
  const buffer = Buffer.allocUnsafe(length);
  buffer.writeUInt32BE(length, 0);
  buffer.writeUInt32BE(pdu.command_id, 4);
  buffer.writeUInt32BE(pdu.command_status, 8);
  buffer.writeUInt32BE(pdu.sequence_number, 12);
  let offset = HEADER_OCTETS;
  for (const [name, type] of body) offset = writeField(buffer, offset, values[name], type);
  for (const [name, tag, type] of tlvs) {
    const value = values[name];
    buffer.writeUInt16BE(tag, offset);
    buffer.writeUInt16BE(tlvOctets(value, type), offset + 2);
    offset = writeTlvValue(buffer, offset + 4, value, type);
  }
  return buffer;
}

/**
 * The PDU in `buffer`, whose first four octets say its length. A body shorter than its command's layout leaves the
 * missing fields out; strings read as ASCII up to their NUL or the end; octets are copied out of `buffer`.
 */
export function decodePdu(buffer: Buffer): SmppPdu {
  const end = buffer.readUInt32BE(0);
  const commandId = buffer.readUInt32BE(4);
  const pdu = Object.create(SmppPdu.prototype) as SmppPdu;
  const values = pdu as unknown as FieldValues;
  pdu.command = COMMANDS_BY_ID.get(commandId) ?? 'unknown';
  pdu.command_id = commandId;
  pdu.command_status = buffer.readUInt32BE(8);
  pdu.sequence_number = buffer.readUInt32BE(12);
  let offset = HEADER_OCTETS;
  for (const [name, type] of BODIES[pdu.command] ?? []) {
    if (offset >= end) return pdu;
    if (type === 'int8') {
      values[name] = buffer[offset];
      offset += 1;
    } else if (type === 'cstring') {
      const text = readCString(buffer, offset, end);
      values[name] = text;
      offset += text.length + 1;
    } else {
      const octets = Math.min(buffer[offset]!, end - offset - 1);
      values[name] = Buffer.from(buffer.subarray(offset + 1, offset + 1 + octets));
      offset += 1 + octets;
    }
  }
  while (offset + 4 <= end) {
    const tag = buffer.readUInt16BE(offset);
    const valueEnd = Math.min(offset + 4 + buffer.readUInt16BE(offset + 2), end);
    const known = TLVS_BY_TAG.get(tag);
    if (known) values[known[0]] = readTlvValue(buffer, offset + 4, valueEnd, known[1]);
    offset = valueEnd;
  }
  return pdu;
}

function fieldOctets(value: unknown, type: FieldType, name: string): number {
  if (type === 'int8') return 1;
  if (type === 'cstring') return String(value ?? '').length + 1;
  const octets = (value as Buffer | undefined)?.length ?? 0;
  if (octets > 255) throw new RangeError(`${name} of ${octets} octets does not fit in one PDU (at most 255)`);
  return octets + 1;
}

function writeField(buffer: Buffer, offset: number, value: unknown, type: FieldType): number {
  if (type === 'int8') return buffer.writeUInt8(Number(value) || 0, offset);
  if (type === 'cstring') {
    const text = String(value ?? '');
    buffer.write(text, offset, 'latin1');
    buffer[offset + text.length] = 0;
    return offset + text.length + 1;
  }
  const octets = (value as Buffer | undefined) ?? Buffer.alloc(0);
  buffer[offset] = octets.length;
  octets.copy(buffer, offset + 1);
  return offset + 1 + octets.length;
}

function tlvOctets(value: unknown, type: TlvType): number {
  if (type === 'int8') return 1;
  if (type === 'int16') return 2;
  if (type === 'cstring') return String(value).length + 1;
  return (value as Buffer).length;
}

function writeTlvValue(buffer: Buffer, offset: number, value: unknown, type: TlvType): number {
  if (type === 'int8') return buffer.writeUInt8(Number(value) || 0, offset);
  if (type === 'int16') return buffer.writeUInt16BE(Number(value) || 0, offset);
  if (type === 'cstring') return writeField(buffer, offset, value, 'cstring');
  (value as Buffer).copy(buffer, offset);
  return offset + (value as Buffer).length;
}

function readTlvValue(buffer: Buffer, offset: number, end: number, type: TlvType): unknown {
  if (type === 'int8') return offset < end ? buffer[offset] : undefined;
  if (type === 'int16') return offset + 2 <= end ? buffer.readUInt16BE(offset) : undefined;
  if (type === 'cstring') return readCString(buffer, offset, end);
  return Buffer.from(buffer.subarray(offset, end));
}

/** The ASCII text from `offset` up to the first NUL, or to `end`. */
function readCString(buffer: Buffer, offset: number, end: number): string {
  const nul = buffer.indexOf(0, offset);
  return buffer.toString('ascii', offset, nul === -1 || nul > end ? end : nul);
}
