// The typed surface of the untyped `smpp` 0.5.1 package: only what OpenSMSC uses, message octets kept raw.
import { createRequire } from 'node:module';
import type { Server, Socket } from 'node:net';

/** Commands we send or answer by name (SMPP 3.4 §4). */
export type SmppCommand =
  | 'bind_transceiver' | 'bind_transmitter' | 'bind_receiver'
  | 'submit_sm' | 'deliver_sm' | 'enquire_link' | 'unbind' | 'generic_nack';

/** PDU fields by their SMPP 3.4 names (§4, §5.3.2 TLVs); each PDU carries the ones of its command. */
export interface PduFields {
  command_status?: number;
  sequence_number?: number;
  system_id?: string;
  password?: string;
  system_type?: string;
  /** The package defaults to 0x50 (SMPP 5.0); a 3.4 ESME says 0x34 (§5.2.4). */
  interface_version?: number;
  message_id?: string;
  service_type?: string;
  source_addr_ton?: number;
  source_addr_npi?: number;
  source_addr?: string;
  dest_addr_ton?: number;
  dest_addr_npi?: number;
  destination_addr?: string;
  esm_class?: number;
  registered_delivery?: number;
  data_coding?: number;
  /** An absolute or relative SMPP time, YYMMDDhhmmsstnnp (§7.1.1); sent as written, read back as the package's Date. */
  validity_period?: string | Date;
  /** Always raw octets, on send and on receipt (see the decode override below). */
  short_message?: Buffer;
  message_payload?: Buffer;
  sar_msg_ref_num?: number;
  sar_total_segments?: number;
  sar_segment_seqnum?: number;
  user_message_reference?: number;
  receipted_message_id?: string;
  message_state?: number;
}

/** A PDU as the package builds or parses it; `command` is 'unknown' for a command_id it does not know. */
export interface Pdu extends PduFields {
  command: SmppCommand | `${SmppCommand}_resp` | 'unknown' | (string & {});
  command_id: number;
  command_status: number;
  sequence_number: number;
  isResponse(): boolean;
  /** The response to this request with its sequence_number; a generic_nack for an unknown command. */
  response(fields?: PduFields): Pdu;
}

/** One SMPP connection, either end. It emits 'error' on socket and framing errors: always listen for it. */
export interface SmppSession {
  readonly socket: Socket;
  /** Sends `pdu`; a request gets the next sequence_number and `onResponse` its response. False when not writable. */
  send: (pdu: Pdu, onResponse?: (response: Pdu) => void) => boolean;
  on(event: 'pdu', listener: (pdu: Pdu) => void): this;
  on(event: 'connect' | 'close', listener: () => void): this;
  on(event: 'error', listener: (error: Error) => void): this;
  once(event: 'connect' | 'close', listener: () => void): this;
  /** Stops reading PDUs from the socket (TCP holds the rest back); `resume()` reads on. */
  pause(): void;
  resume(): void;
  /** Ends the connection gracefully. */
  close(callback?: () => void): void;
  /** Drops the connection at once. */
  destroy(callback?: () => void): void;
}

interface SmppModule {
  createServer(options: Record<string, never>, listener: (session: SmppSession) => void): Server;
  connect(options: { host: string; port: number }): SmppSession;
  PDU: { new (command: SmppCommand, fields?: PduFields): Pdu; maxLength: number };
  filters: { message: { decode: (value: unknown) => unknown } };
}

const smpp = createRequire(import.meta.url)('smpp') as SmppModule;

/** Largest PDU accepted: a peer announcing a huge command_length cannot make a session buffer it. */
export const MAX_PDU_OCTETS = 16_384;
smpp.PDU.maxLength = MAX_PDU_OCTETS;

// The package decodes short_message and message_payload into strings by data_coding, lossily (unknown GSM
// septets become spaces) and with its own UDHL parsing. We keep the octets: src/delivery/smpp/ decodes them.
// This applies process-wide, to every session of the package, which is what we want.
smpp.filters.message.decode = (value) => value;

/** Command status codes we answer or act on (SMPP 3.4 §5.1.3). */
export const CommandStatus = {
  ESME_ROK: 0x00,
  ESME_RINVCMDID: 0x03,
  ESME_RINVBNDSTS: 0x04,
  ESME_RALYBND: 0x05,
  ESME_RSYSERR: 0x08,
  ESME_RINVSRCADR: 0x0a,
  ESME_RINVDSTADR: 0x0b,
  ESME_RBINDFAIL: 0x0d,
  ESME_RMSGQFUL: 0x14,
  ESME_RSUBMITFAIL: 0x45,
  ESME_RTHROTTLED: 0x58,
  ESME_RX_T_APPN: 0x64,
} as const;

/** A new request or response PDU; sequence_number is filled in by `send` for requests. */
export function newPdu(command: SmppCommand, fields: PduFields = {}): Pdu {
  return new smpp.PDU(command, fields);
}

/** An SMPP server (a net.Server) calling `onSession` for every accepted connection. */
export function createSmppServer(onSession: (session: SmppSession) => void): Server {
  return smpp.createServer({}, (session: SmppSession) => onSession(writingInBatches(session)));
}

/**
 * The package writes every PDU on its own, one syscall and, with Nagle's algorithm off, one TCP segment each. The
 * PDUs a session sends in one go (a window of submits, the responses to one read of receipts) are written together
 * instead: the socket is corked at the first and uncorked once the current job and its promise callbacks are done.
 * Nagle's algorithm is off, so the last small segment of a burst does not wait for the peer's delayed ACK.
 */
function writingInBatches(session: SmppSession): SmppSession {
  const { socket } = session;
  socket.setNoDelay(true);
  const send = session.send.bind(session);
  session.send = (pdu, onResponse) => {
    if (socket.writableCorked === 0) {
      socket.cork();
      process.nextTick(() => socket.uncork());
    }
    return send(pdu, onResponse);
  };
  return session;
}

/**
 * The package's own client session to `host:port`; it emits 'connect' when the socket is up. Links use
 * client-session.ts; the tests use this as a second, independent implementation to talk to ours.
 */
export function connectSmpp(host: string, port: number): SmppSession {
  return writingInBatches(smpp.connect({ host, port }));
}
