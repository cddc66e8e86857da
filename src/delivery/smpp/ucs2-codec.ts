// UCS-2 text to and from SMPP data_coding 8 octets: UTF-16BE code units (SMPP 3.4 §5.2.19).
import type { Result } from '../../result.ts';

/** The UTF-16BE octets of `text`; an astral character stays two units (a surrogate pair), as handsets send it. */
export function encodeUcs2(text: string): Buffer {
  const octets = Buffer.alloc(text.length * 2);
  for (let i = 0; i < text.length; i += 1) octets.writeUInt16BE(text.charCodeAt(i), i * 2);
  return octets;
}

/** The text of UTF-16BE `octets`; fails on an odd length, since a half code unit cannot be a character. */
export function decodeUcs2(octets: Uint8Array): Result<{ text: string }> {
  if (octets.length % 2 !== 0) return { err: new Error(`UCS-2 text has an odd length of ${octets.length} octets`) };
  const units: number[] = [];
  for (let i = 0; i < octets.length; i += 2) units.push(((octets[i] as number) << 8) | (octets[i + 1] as number));
  let text = '';
  // Chunked, because String.fromCharCode with a spread of a huge array overflows the stack.
  for (let i = 0; i < units.length; i += 4096) text += String.fromCharCode(...units.slice(i, i + 4096));
  return { text };
}
