// UCS-2 as SMPP data_coding 8 carries it: UTF-16BE code units, astral characters as surrogate pairs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeUcs2, encodeUcs2 } from '../../../src/delivery/smpp/ucs2-codec.ts';

test('SMPP 3.4 §5.2.19 data_coding 8: Cyrillic as big-endian UTF-16 units', () => {
  assert.equal(encodeUcs2('Привет').toString('hex'), '041f04400438043204350442');
  assert.deepEqual(decodeUcs2(Buffer.from('041f04400438043204350442', 'hex')), { text: 'Привет' });
});

test('an astral character is kept as its surrogate pair, two units', () => {
  assert.equal(encodeUcs2('😀').toString('hex'), 'd83dde00');
  assert.deepEqual(decodeUcs2(Buffer.from('d83dde00', 'hex')), { text: '😀' });
});

test('a lone surrogate half and long texts survive the round trip unchanged', () => {
  for (const text of ['\ud83d', 'a\ude00b', 'я'.repeat(40_000), '']) {
    const decoded = decodeUcs2(encodeUcs2(text));
    assert.ok(!decoded.err);
    assert.equal(decoded.text, text);
  }
});

test('an odd number of octets is refused', () => {
  assert.match(decodeUcs2(Buffer.from('041f04', 'hex')).err?.message ?? '', /odd length of 3/);
});
