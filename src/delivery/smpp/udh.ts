// The User Data Header of a concatenated SMS: building the 8-bit IE, finding either concat IE among others.
import type { Result } from '../../result.ts';

/** Which part of which concatenated message a UDH says this is (3GPP TS 23.040 §9.2.3.24.1 and .8). */
export interface ConcatInfo {
  /** The reference; 0..255 for the 8-bit IE, 0..65535 for the 16-bit one. */
  reference: number;
  referenceBits: 8 | 16;
  total: number;
  seq: number;
}

/** A parsed UDH: the concat IE if present, and where the user data starts. */
export interface ParsedUdh {
  concat?: ConcatInfo;
  bodyOffset: number;
}

// Information element identifiers (TS 23.040 §9.2.3.24).
const IEI_CONCAT_8BIT = 0x00;
const IEI_CONCAT_16BIT = 0x08;

/** The 6-octet UDH `05 00 03 ref total seq` for part `seq` of `total` (TS 23.040 §9.2.3.24.1). */
export function concatUdh(reference: number, total: number, seq: number): Buffer {
  return Buffer.from([0x05, IEI_CONCAT_8BIT, 0x03, reference & 0xff, total, seq]);
}

/** Reads the UDH at the start of `userData` (esm_class UDHI set); fails when UDHL or an IE overruns it. */
export function parseUdh(userData: Uint8Array): Result<ParsedUdh> {
  const udhl = userData[0];
  if (udhl === undefined) return { err: new Error('UDHI is set but the user data is empty') };
  const end = 1 + udhl;
  if (end > userData.length) return { err: new Error(`UDHL ${udhl} overruns ${userData.length} octets of user data`) };
  let concat: ConcatInfo | undefined;
  let at = 1;
  while (at < end) {
    const iei = userData[at] as number;
    const iedl = userData[at + 1];
    if (iedl === undefined || at + 2 + iedl > end) return { err: new Error(`IE 0x${iei.toString(16)} overruns the UDH`) };
    const data = userData.subarray(at + 2, at + 2 + iedl);
    // TS 23.040 §9.2.3.24: when an IE repeats, the last occurrence is the one that counts.
    if (iei === IEI_CONCAT_8BIT) {
      if (iedl !== 3) return { err: new Error(`8-bit concat IE has length ${iedl}, not 3`) };
      concat = { reference: data[0] as number, referenceBits: 8, total: data[1] as number, seq: data[2] as number };
    } else if (iei === IEI_CONCAT_16BIT) {
      if (iedl !== 4) return { err: new Error(`16-bit concat IE has length ${iedl}, not 4`) };
      const reference = ((data[0] as number) << 8) | (data[1] as number);
      concat = { reference, referenceBits: 16, total: data[2] as number, seq: data[3] as number };
    }
    at += 2 + iedl;
  }
  return concat ? { concat, bodyOffset: end } : { bodyOffset: end };
}
