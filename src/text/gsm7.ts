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

/** 0x1B switches to the extension table (TS 23.038 §6.2.1.1); it is not a character of its own. */
export const GSM7_ESCAPE = 0x1b;

/** Each GSM-7 basic character and its septet value (TS 23.038 §6.2.1); ESC is not among them. */
export const GSM7_BASIC_SEPTETS: ReadonlyMap<string, number> = new Map(
  Array.from(BASIC_SEPTETS)
    .map((char, septet) => [char, septet] as const)
    .filter(([, septet]) => septet !== GSM7_ESCAPE),
);

/** Each GSM-7 extension character and the septet sent after ESC, so it costs two units (spec §13). */
export const GSM7_EXTENSION_SEPTETS: ReadonlyMap<string, number> = new Map([
  ['\f', 0x0a], ['^', 0x14], ['{', 0x28], ['}', 0x29], ['\\', 0x2f],
  ['[', 0x3c], ['~', 0x3d], [']', 0x3e], ['|', 0x40], ['€', 0x65],
]);

/** True when `char` (one character) is in the GSM-7 basic table and costs one septet. */
export function isGsm7Basic(char: string): boolean {
  return GSM7_BASIC_SEPTETS.has(char);
}

/** True when `char` (one character) is in the GSM-7 extension table and costs two septets. */
export function isGsm7Extension(char: string): boolean {
  return GSM7_EXTENSION_SEPTETS.has(char);
}
