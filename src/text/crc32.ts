// CRC-32 (IEEE 802.3, reflected polynomial 0xEDB88320, as zlib's crc32) of a text's UTF-8 bytes: the history `crc`.

// One entry per byte value, built once; Node 20.11 has no zlib.crc32 to lean on (it arrived in 20.15).
const TABLE = Uint32Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c;
});

const utf8 = new TextEncoder();

/** The CRC-32 of `text` encoded as UTF-8, as an unsigned 32-bit integer (lone surrogates count as U+FFFD). */
export function crc32(text: string): number {
  let crc = 0xffffffff;
  for (const byte of utf8.encode(text)) crc = TABLE[(crc ^ byte) & 0xff]! ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}
