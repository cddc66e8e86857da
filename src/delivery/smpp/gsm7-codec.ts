// GSM-7 text to and from SMPP data_coding 0 octets: one septet per octet, unpacked (SMPP 3.4 §5.2.19).
import { GSM7_BASIC_SEPTETS, GSM7_ESCAPE, GSM7_EXTENSION_SEPTETS, isGsm7Basic, isGsm7Extension } from '../../text/gsm7.ts';
import type { Result } from '../../result.ts';

const BASIC_BY_SEPTET = new Map(Array.from(GSM7_BASIC_SEPTETS, ([char, septet]) => [septet, char]));
const EXTENSION_BY_SEPTET = new Map(Array.from(GSM7_EXTENSION_SEPTETS, ([char, septet]) => [septet, char]));

/** True when every character of `text` is in the GSM-7 basic or extension table. */
export function canEncodeGsm7(text: string): boolean {
  for (const char of text) if (!isGsm7Basic(char) && !isGsm7Extension(char)) return false;
  return true;
}

/** The octets of `text`, extension characters as ESC (0x1B) plus their code; fails on a character outside GSM-7. */
export function encodeGsm7(text: string): Result<{ octets: Buffer }> {
  // At most two octets for each UTF-16 unit: an extension character is one unit and an ESC pair.
  const octets = Buffer.allocUnsafe(text.length * 2);
  let length = 0;
  for (const char of text) {
    const basic = GSM7_BASIC_SEPTETS.get(char);
    if (basic !== undefined) {
      octets[length++] = basic;
      continue;
    }
    const extension = GSM7_EXTENSION_SEPTETS.get(char);
    if (extension === undefined) return { err: new Error(`U+${char.codePointAt(0)?.toString(16)} is not GSM-7`) };
    octets[length++] = GSM7_ESCAPE;
    octets[length++] = extension;
  }
  return { octets: octets.subarray(0, length) };
}

/** The text of unpacked GSM-7 `octets`; fails on an octet above 0x7F or a trailing ESC. */
export function decodeGsm7(octets: Uint8Array): Result<{ text: string }> {
  let text = '';
  for (let i = 0; i < octets.length; i += 1) {
    const septet = octets[i] as number;
    if (septet === GSM7_ESCAPE) {
      const next = octets[i + 1];
      if (next === undefined) return { err: new Error('GSM-7 text ends in an ESC septet') };
      if (next > 0x7f) return { err: new Error(`octet 0x${next.toString(16)} at ${i + 1} is not a septet`) };
      i += 1;
      // TS 23.038 §6.2.1.1: an escaped septet missing from the extension table shows as its basic character.
      text += EXTENSION_BY_SEPTET.get(next) ?? BASIC_BY_SEPTET.get(next) ?? '';
      continue;
    }
    const char = BASIC_BY_SEPTET.get(septet);
    if (char === undefined) return { err: new Error(`octet 0x${septet.toString(16)} at ${i} is not a septet`) };
    text += char;
  }
  return { text };
}
