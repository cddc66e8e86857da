// The history `crc` checksum: standard CRC-32 of UTF-8 bytes (docs/history.md "Fields").
import { test } from 'node:test';
import assert from 'node:assert/strict';
import zlib from 'node:zlib';
import { crc32 } from '../../src/text/crc32.ts';

test('the empty text checks to 0', () => {
  assert.equal(crc32(''), 0);
});

test('the CRC-32 check value: "123456789" is 0xCBF43926 (IEEE 802.3 / zlib catalogue)', () => {
  assert.equal(crc32('123456789'), 0xcbf43926);
});

test('values are unsigned 32-bit, even with the top bit set', () => {
  // "Hello" is 0xF7D18982 in zlib; a signed result would be negative.
  assert.equal(crc32('Hello'), 0xf7d18982);
});

test('Cyrillic is checked over its UTF-8 bytes, not UTF-16 units or windows-1251', () => {
  // zlib.crc32(Buffer.from('Привет')), recorded on Node 20.20.
  assert.equal(crc32('Привет'), 0xa8eab199);
});

test('a lone surrogate counts as U+FFFD, as UTF-8 encoders write it', () => {
  assert.equal(crc32('a\ud800b'), crc32('a\ufffdb'));
});

// zlib.crc32 exists from Node 20.15 / 22.2; on older runtimes this comparison is skipped.
const zlibCrc32 = (zlib as { crc32?: (data: Buffer) => number }).crc32;
test('matches zlib.crc32 of the UTF-8 bytes', { skip: zlibCrc32 ? false : 'zlib.crc32 needs Node ≥ 20.15' }, () => {
  const samples = ['', 'a', 'Hello', 'Привет', 'Привет, "мир" <&>\nпока', '👍🏽 ok', '€ ё Ё №', 'x'.repeat(1000)];
  for (const text of samples) assert.equal(crc32(text), zlibCrc32!(Buffer.from(text, 'utf8')), JSON.stringify(text));
});
