// The client end of one SMPP connection: frames PDUs off the socket, numbers requests, matches their responses.
//
// PDUs are cut from the socket's chunks as they come (one chunk holds many receipts and responses) and decoded by
// pdu-codec.ts; what a job sends goes out as one write once the job and its promise callbacks are done, so a window
// of submits, or the answers to one read of receipts, leave in as few TCP segments as they fit in. Nagle's algorithm
// is off: the last small segment of a burst does not wait for the peer's delayed ACK.
import { EventEmitter } from 'node:events';
import { connect, type Socket } from 'node:net';
import { decodePdu, encodePdu, HEADER_OCTETS } from './pdu-codec.ts';
import { MAX_PDU_OCTETS, type Pdu, type SmppSession } from './smpp-lib.ts';

// SMPP 3.4 §3.2: sequence numbers run from 1 to 0x7FFFFFFF.
const MAX_SEQUENCE = 0x7fffffff;

/** An SMPP session to an SMSC; emits 'connect', 'pdu' for every PDU read, 'error' (then reads no more) and 'close'. */
export class SmppClientSession extends EventEmitter implements SmppSession {
  readonly socket: Socket;
  #sequence = 0;
  readonly #callbacks = new Map<number, (response: Pdu) => void>();
  /** What was read and not yet cut into PDUs. */
  #unread: Buffer = Buffer.alloc(0);
  #paused = false;
  /** Set while PDUs are being cut: a handler that resumes the session must not start a second pass over them. */
  #reading = false;
  #failed = false;
  #outgoing: Buffer[] = [];

  /** Connects to `host:port` at once. */
  constructor(host: string, port: number) {
    super();
    this.socket = connect({ host, port });
    this.socket.setNoDelay(true);
    this.socket.on('connect', () => this.emit('connect'));
    this.socket.on('data', (chunk: Buffer) => {
      this.#unread = this.#unread.length === 0 ? chunk : Buffer.concat([this.#unread, chunk]);
      this.#readPdus();
    });
    this.socket.on('error', (error) => this.emit('error', error));
    this.socket.on('close', () => this.emit('close'));
  }

  /** Sends `pdu`, numbering a request that has no sequence_number yet; false when the socket is not writable. */
  send(pdu: Pdu, onResponse?: (response: Pdu) => void): boolean {
    if (!this.socket.writable) return false;
    if (!pdu.isResponse()) {
      if (!pdu.sequence_number) pdu.sequence_number = this.#sequence = this.#sequence === MAX_SEQUENCE ? 1 : this.#sequence + 1;
      if (onResponse) this.#callbacks.set(pdu.sequence_number, onResponse);
    }
    const octets = encodePdu(pdu);
    if (this.#outgoing.push(octets) === 1) process.nextTick(() => this.#flush());
    return true;
  }

  /** Forgets the response callback of request `sequence`: a peer that never answers must not grow the table. */
  forget(sequence: number): void {
    this.#callbacks.delete(sequence);
  }

  /** Stops cutting PDUs; the socket stops reading, so TCP holds the SMSC's next PDUs back. */
  pause(): void {
    this.#paused = true;
    this.socket.pause();
  }

  resume(): void {
    this.#paused = false;
    this.socket.resume();
    this.#readPdus();
  }

  close(callback?: () => void): void {
    if (callback) this.socket.once('close', callback);
    this.#flush();
    this.socket.end();
  }

  destroy(callback?: () => void): void {
    if (callback) this.socket.once('close', callback);
    this.socket.destroy();
  }

  #flush(): void {
    const outgoing = this.#outgoing;
    if (outgoing.length === 0) return;
    this.#outgoing = [];
    if (this.socket.writable) this.socket.write(outgoing.length === 1 ? outgoing[0]! : Buffer.concat(outgoing));
  }

  #readPdus(): void {
    if (this.#reading) return;
    this.#reading = true;
    let offset = 0;
    const unread = this.#unread;
    while (!this.#paused && !this.#failed && unread.length - offset >= 4) {
      const length = unread.readUInt32BE(offset);
      if (length < HEADER_OCTETS || length > MAX_PDU_OCTETS) {
        this.#failed = true;
        this.emit('error', new Error(`PDU length ${length} is outside ${HEADER_OCTETS}–${MAX_PDU_OCTETS} octets`));
        break;
      }
      if (unread.length - offset < length) break;
      const pdu = decodePdu(unread.subarray(offset, offset + length));
      offset += length;
      this.emit('pdu', pdu);
      if (!pdu.isResponse()) continue;
      const callback = this.#callbacks.get(pdu.sequence_number);
      if (!callback) continue;
      this.#callbacks.delete(pdu.sequence_number);
      callback(pdu);
    }
    this.#unread = this.#failed ? Buffer.alloc(0) : unread.subarray(offset);
    this.#reading = false;
  }
}
