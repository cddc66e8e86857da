// Cuts a text into the submit_sm parts that carry it: UDH concatenation, SAR TLVs or one message_payload.
import type { Result } from '../../result.ts';
import { isGsm7Basic } from '../../text/gsm7.ts';
import { canEncodeGsm7, encodeGsm7 } from './gsm7-codec.ts';
import { encodeUcs2 } from './ucs2-codec.ts';
import { concatUdh } from './udh.ts';

/** How a message longer than one SMS travels: UDH concat IE, SAR TLVs, or a single message_payload TLV. */
export type LongMessageMode = 'udh' | 'sar' | 'payload';

/** Optional submit_sm TLVs a part may carry, named as in SMPP 3.4 §5.3.2. */
export interface SubmitTlvs {
  sar_msg_ref_num?: number;
  sar_total_segments?: number;
  sar_segment_seqnum?: number;
  message_payload?: Buffer;
}

/** One submit_sm's worth of a message: its data_coding, short_message octets, esm_class and TLVs. */
export interface MessagePart {
  dataCoding: 0 | 8;
  shortMessage: Buffer;
  esmClass: number;
  tlvs: SubmitTlvs;
}

/** esm_class bit 6, UDHI: short_message starts with a UDH (SMPP 3.4 §5.2.12). */
export const ESM_CLASS_UDHI = 0x40;

// Part counts and the reference are one octet in the UDH IE and sar_total_segments (TS 23.040 §9.2.3.24.1).
const MAX_PARTS = 255;
// message_payload's length field is 16 bits (SMPP 3.4 §5.3.2.32).
const MAX_PAYLOAD_OCTETS = 0xffff;

// Octets of user data per SMS: 160 septets or 70 UCS-2 units alone, less the 6-octet UDH when concatenated
// (153 septets, 67 units); the same capacities as src/text/segments.ts so part counts agree with billing.
const CAPACITY = {
  0: { single: 160, part: 153 },
  8: { single: 140, part: 134 },
} as const;

/** The parts to submit for `text`: GSM-7 (data_coding 0) when it fits the tables, else UCS-2 (8). */
export function splitMessage(text: string, mode: LongMessageMode, reference: number): Result<{ parts: MessagePart[] }> {
  const dataCoding = canEncodeGsm7(text) ? 0 : 8;
  // The whole text in one buffer: a buffer per character cost a send more garbage than all the rest of its delivery.
  const whole = encodeText(text, dataCoding);
  const capacity = CAPACITY[dataCoding];
  if (whole.length <= capacity.single) return { parts: [{ dataCoding, shortMessage: whole, esmClass: 0, tlvs: {} }] };
  if (mode === 'payload') {
    if (whole.length > MAX_PAYLOAD_OCTETS) return { err: new Error(`text takes ${whole.length} octets, message_payload holds ${MAX_PAYLOAD_OCTETS}`) };
    return { parts: [{ dataCoding, shortMessage: Buffer.alloc(0), esmClass: 0, tlvs: { message_payload: whole } }] };
  }
  const bodies = pack(whole, characterEnds(text, dataCoding), capacity.part);
  if (bodies.length > MAX_PARTS) return { err: new Error(`text takes ${bodies.length} parts, at most ${MAX_PARTS} can be joined`) };
  const total = bodies.length;
  return {
    parts: bodies.map((body, i) =>
      mode === 'udh'
        ? { dataCoding, shortMessage: Buffer.concat([concatUdh(reference, total, i + 1), body]), esmClass: ESM_CLASS_UDHI, tlvs: {} }
        : {
            dataCoding,
            shortMessage: body,
            esmClass: 0,
            tlvs: { sar_msg_ref_num: reference & 0xffff, sar_total_segments: total, sar_segment_seqnum: i + 1 },
          },
    ),
  };
}

function encodeText(text: string, dataCoding: 0 | 8): Buffer {
  if (dataCoding === 8) return encodeUcs2(text);
  const encoded = encodeGsm7(text);
  // canEncodeGsm7 accepted the whole text, so every character encodes.
  if (encoded.err) throw encoded.err;
  return encoded.octets;
}

/** Where each character of `text` ends in its encoding: an ESC pair is 2 octets, a surrogate pair 4. */
function characterEnds(text: string, dataCoding: 0 | 8): number[] {
  const ends: number[] = [];
  let offset = 0;
  for (const char of text) {
    offset += dataCoding === 8 ? char.length * 2 : isGsm7Basic(char) ? 1 : 2;
    ends.push(offset);
  }
  return ends;
}

// A character never straddles two parts: an ESC septet or a surrogate half alone at the end of a part
// would show as garbage on handsets that decode each part separately, so the part closes early instead.
function pack(whole: Buffer, ends: number[], capacity: number): Buffer[] {
  const bodies: Buffer[] = [];
  let start = 0;
  let previous = 0;
  for (const end of ends) {
    if (end - start > capacity) {
      bodies.push(whole.subarray(start, previous));
      start = previous;
    }
    previous = end;
  }
  bodies.push(whole.subarray(start));
  return bodies;
}
