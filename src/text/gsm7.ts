// The GSM 03.38 default alphabet (3GPP TS 23.038 §6.2.1): which characters a GSM-7 SMS can carry.

// Septets 0x00..0x7F in order, sixteen per line, so the table reads against the standard. The Greek
// capitals are the Greek code points (Δ U+0394, Ω U+03A9), not the look-alike math symbols.
const BASIC_SEPTETS =
  '@£$¥èéùìòÇ\nØø\rÅå' +
  'Δ_ΦΓΛΩΠΨΣΘΞ\u001bÆæßÉ' +
  ' !"#¤%&\'()*+,-./' +
  '0123456789:;<=>?' +
  '¡ABCDEFGHIJKLMNO' +
  'PQRSTUVWXYZÄÖÑÜ§' +
  '¿abcdefghijklmno' +
  'pqrstuvwxyzäöñüà';

// 0x1B switches to the extension table (TS 23.038 §6.2.1.1); it is not a character of its own.
const ESCAPE_SEPTET = 0x1b;

const BASIC = new Set(Array.from(BASIC_SEPTETS).filter((_, septet) => septet !== ESCAPE_SEPTET));

// Extension septets 0x0A form feed, 0x14 ^, 0x28 {, 0x29 }, 0x2F \, 0x3C [, 0x3D ~, 0x3E ], 0x40 |, 0x65 €;
// each is sent as ESC plus the septet, so it costs two units (spec §13).
const EXTENSION = new Set(['\f', '^', '{', '}', '\\', '[', '~', ']', '|', '€']);

/** True when `char` (one character) is in the GSM-7 basic table and costs one septet. */
export function isGsm7Basic(char: string): boolean {
  return BASIC.has(char);
}

/** True when `char` (one character) is in the GSM-7 extension table and costs two septets. */
export function isGsm7Extension(char: string): boolean {
  return EXTENSION.has(char);
}
