// Charsets of the SMSC wire: naming them, decoding request bytes, encoding response text.
import iconv from 'iconv-lite';
import type { Charset } from './types.ts';

/** The SMSC default when a request names no charset (spec §1). */
export const DEFAULT_CHARSET: Charset = 'windows-1251';

const ALIASES: Record<string, Charset> = {
  'windows-1251': 'windows-1251',
  windows1251: 'windows-1251',
  cp1251: 'windows-1251',
  'win-1251': 'windows-1251',
  'utf-8': 'utf-8',
  utf8: 'utf-8',
  'koi8-r': 'koi8-r',
  koi8r: 'koi8-r',
  koi8: 'koi8-r',
};

/** Reads a `charset` value; unknown or absent names fall back to windows-1251 (docs/compatibility.md). */
export function parseCharset(value: string | undefined): Charset {
  return (value && ALIASES[value.trim().toLowerCase()]) || DEFAULT_CHARSET;
}

/** True when every character of `text` is ASCII, which reads and writes the same in every charset we speak. */
export function isAscii(text: string): boolean {
  return ASCII.test(text);
}
const ASCII = /^[\x00-\x7f]*$/;

/** Decodes request bytes in `charset`; invalid UTF-8 becomes U+FFFD. */
export function decodeBytes(bytes: Buffer, charset: Charset): string {
  return charset === 'utf-8' ? bytes.toString('utf8') : iconv.decode(bytes, charset);
}

/** Encodes response text in `charset`; characters it cannot hold become '?' (callers escape them first). */
export function encodeText(text: string, charset: Charset): Buffer {
  return charset === 'utf-8' ? Buffer.from(text, 'utf8') : iconv.encode(text, charset);
}

const singleByteTables = new Map<Charset, Set<number>>();

/** The code points a single-byte charset can hold. */
function codePointsOf(charset: Charset): Set<number> {
  let table = singleByteTables.get(charset);
  if (!table) {
    const all = Buffer.from(Array.from({ length: 256 }, (_, i) => i));
    table = new Set(Array.from(iconv.decode(all, charset), (c) => c.codePointAt(0)!));
    table.delete(0xfffd);
    singleByteTables.set(charset, table);
  }
  return table;
}

/** True when `charset` can represent the code point exactly. */
export function canEncode(codePoint: number, charset: Charset): boolean {
  if (codePoint < 0x80 || charset === 'utf-8') return true;
  return codePointsOf(charset).has(codePoint);
}
