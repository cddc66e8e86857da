// Joins the submit_sm parts of one message (UDH concat, SAR TLVs, message_payload or a single part) into its text.
import type { Result } from '../../result.ts';
import { decodeGsm7 } from './gsm7-codec.ts';
import { ESM_CLASS_UDHI, type SubmitTlvs } from './split.ts';
import { decodeUcs2 } from './ucs2-codec.ts';
import { parseUdh, type ConcatInfo } from './udh.ts';

/** One received submit_sm, in the fields reassembly needs. */
export interface ReceivedPart {
  source: string;
  destination: string;
  dataCoding: number;
  shortMessage: Buffer;
  esmClass: number;
  tlvs: SubmitTlvs;
}

/** A whole message: its text, the octets it was decoded from, and the caller's tag of every part in order. */
export interface ReassembledMessage<Tag> {
  source: string;
  destination: string;
  dataCoding: number;
  text: string;
  octets: Buffer;
  /** The concatenation reference, absent for a message sent in one part. */
  reference?: number;
  tags: Tag[];
}

/** What feeding one part gave: the whole message, or a wait for more parts. */
export type FeedOutcome<Tag> = { complete: ReassembledMessage<Tag> } | { pending: true };

/** A part that cannot be taken: `malformed` (the sender's fault) or `full` (try again later). */
export class ReassemblyError extends Error {
  constructor(readonly code: 'malformed' | 'full', message: string) {
    super(message);
  }
}

/** Limits on what senders may leave half-finished. */
export interface ReassemblerLimits {
  /** Partial messages held at once; a sender opening many and never finishing them cannot grow memory. */
  maxPending: number;
  /** Octets held in partial messages; bounds memory when each of them holds 255 full parts. */
  maxPendingOctets: number;
  /** Age after which a partial message is dropped, so abandoned parts are not held forever. */
  maxAgeMs: number;
}

/** Defaults sized for a busy SMSC link: ten thousand open messages, 32 MiB, five minutes. */
export const DEFAULT_REASSEMBLER_LIMITS: ReassemblerLimits = {
  maxPending: 10_000,
  maxPendingOctets: 32 * 1024 * 1024,
  maxAgeMs: 5 * 60_000,
};

interface Pending<Tag> {
  startedAt: number;
  source: string;
  destination: string;
  dataCoding: number;
  reference: number;
  bodies: Array<Buffer | undefined>;
  tags: Tag[][];
  received: number;
  octets: number;
}

/** Collects parts per (source, destination, reference, total) until all have arrived; `now` is injected. */
export class Reassembler<Tag> {
  readonly #limits: ReassemblerLimits;
  readonly #pending = new Map<string, Pending<Tag>>();
  #pendingOctets = 0;
  #expired = 0;

  constructor(limits: Partial<ReassemblerLimits> = {}) {
    this.#limits = { ...DEFAULT_REASSEMBLER_LIMITS, ...limits };
  }

  /** Partial messages held now, and how many were dropped for age since the start. */
  get stats(): { pending: number; pendingOctets: number; expired: number } {
    return { pending: this.#pending.size, pendingOctets: this.#pendingOctets, expired: this.#expired };
  }

  /** Takes one part tagged `tag`; `now` is milliseconds on any clock that does not go back. */
  feed(part: ReceivedPart, tag: Tag, now: number): Result<FeedOutcome<Tag>, ReassemblyError> {
    this.#expire(now);
    const located = locate(part);
    if (located.err) return { err: new ReassemblyError('malformed', located.err.message) };
    const { body, concat } = located;
    if (!concat || concat.total === 1) {
      if (concat && concat.seq !== 1) return malformed(`part ${concat.seq} of 1`);
      return finish(part, part.dataCoding, [body], [tag], concat?.reference);
    }
    if (concat.total === 0 || concat.seq === 0 || concat.seq > concat.total) return malformed(`part ${concat.seq} of ${concat.total}`);
    const key = `${concat.referenceBits}:${concat.reference}:${concat.total}\u0000${part.source}\u0000${part.destination}`;
    let entry = this.#pending.get(key);
    if (entry && entry.dataCoding !== part.dataCoding) return malformed('parts of one message differ in data_coding');
    const previous = entry?.bodies[concat.seq - 1]?.length ?? 0;
    if (this.#pendingOctets - previous + body.length > this.#limits.maxPendingOctets) {
      return { err: new ReassemblyError('full', `partial messages hold ${this.#pendingOctets} octets`) };
    }
    if (!entry) {
      if (this.#pending.size >= this.#limits.maxPending) return { err: new ReassemblyError('full', `${this.#pending.size} partial messages are open`) };
      entry = {
        startedAt: now,
        source: part.source,
        destination: part.destination,
        dataCoding: part.dataCoding,
        reference: concat.reference,
        bodies: new Array<Buffer | undefined>(concat.total).fill(undefined),
        tags: Array.from({ length: concat.total }, () => []),
        received: 0,
        octets: 0,
      };
      this.#pending.set(key, entry);
    }
    // A part sent twice (a retry after a lost response) replaces the first copy but keeps both tags.
    if (entry.bodies[concat.seq - 1] === undefined) entry.received += 1;
    entry.bodies[concat.seq - 1] = body;
    entry.tags[concat.seq - 1]?.push(tag);
    entry.octets += body.length - previous;
    this.#pendingOctets += body.length - previous;
    if (entry.received < concat.total) return { pending: true };
    this.#pending.delete(key);
    this.#pendingOctets -= entry.octets;
    return finish(entry, entry.dataCoding, entry.bodies as Buffer[], entry.tags.flat(), entry.reference);
  }

  // Entries are inserted in arrival order and `now` never goes back, so the oldest are at the front.
  #expire(now: number): void {
    for (const [key, entry] of this.#pending) {
      if (now - entry.startedAt < this.#limits.maxAgeMs) return;
      this.#pending.delete(key);
      this.#pendingOctets -= entry.octets;
      this.#expired += 1;
    }
  }
}

function malformed(message: string): { err: ReassemblyError } {
  return { err: new ReassemblyError('malformed', message) };
}

/** The user data of a part without its UDH, and its concat position from the UDH or the SAR TLVs. */
function locate(part: ReceivedPart): Result<{ body: Buffer; concat?: ConcatInfo }> {
  const payload = part.tlvs.message_payload;
  // SMPP 3.4 §5.3.2.32: message_payload and a non-empty short_message must not be sent together.
  if (payload && part.shortMessage.length > 0) return { err: new Error('both short_message and message_payload are set') };
  const userData = payload ?? part.shortMessage;
  let body = userData;
  let concat: ConcatInfo | undefined;
  if (part.esmClass & ESM_CLASS_UDHI) {
    const udh = parseUdh(userData);
    if (udh.err) return udh;
    body = userData.subarray(udh.bodyOffset);
    concat = udh.concat;
  }
  const { sar_msg_ref_num: reference, sar_total_segments: total, sar_segment_seqnum: seq } = part.tlvs;
  const sarCount = [reference, total, seq].filter((value) => value !== undefined).length;
  if (sarCount === 0) return concat ? { body, concat } : { body };
  // SMPP 3.4 §5.3.2.22–24: the three SAR TLVs travel together.
  if (sarCount !== 3) return { err: new Error('only some of the sar_* TLVs are set') };
  if (concat) return { err: new Error('both a concat UDH and sar_* TLVs are set') };
  return { body, concat: { reference: reference as number, referenceBits: 16, total: total as number, seq: seq as number } };
}

function finish<Tag>(
  from: { source: string; destination: string },
  dataCoding: number,
  bodies: Buffer[],
  tags: Tag[],
  reference: number | undefined,
): Result<FeedOutcome<Tag>, ReassemblyError> {
  const octets = Buffer.concat(bodies);
  const decoded = decodeText(dataCoding, octets);
  if (decoded.err) return malformed(decoded.err.message);
  const message: ReassembledMessage<Tag> = { source: from.source, destination: from.destination, dataCoding, text: decoded.text, octets, tags };
  if (reference !== undefined) message.reference = reference;
  return { complete: message };
}

// Joined before decoding, so an escape pair or a surrogate pair that another sender split across parts survives.
function decodeText(dataCoding: number, octets: Buffer): Result<{ text: string }> {
  // GSM 03.38 coding group 00x1: bits 2–3 are the alphabet, bits 0–1 the message class (flash = class 0).
  const alphabet = (dataCoding & 0xf0) === 0x10 ? dataCoding & 0x0c : dataCoding;
  switch (alphabet) {
    case 0:
      return decodeGsm7(octets);
    case 8:
      return decodeUcs2(octets);
    // SMPP 3.4 §5.2.19: 1 is IA5 (ASCII), 3 is Latin-1; both are one octet per code point.
    case 1:
    case 3:
      return { text: octets.toString('latin1') };
    default:
      return { err: new Error(`data_coding ${dataCoding} is not supported`) };
  }
}
