// Part counting per spec §13: GSM-7 160/153, UCS-2 70/67, escapes count two, nothing straddles parts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { countSegments } from '../../src/text/segments.ts';

const latin = (n: number) => 'a'.repeat(n);
const cyrillic = (n: number) => 'я'.repeat(n);

test('spec §13: GSM-7 fits 160 units in one SMS, 161 takes two', () => {
  assert.deepEqual(countSegments(latin(160)), { encoding: 'gsm7', units: 160, parts: 1 });
  assert.deepEqual(countSegments(latin(161)), { encoding: 'gsm7', units: 161, parts: 2 });
});

test('spec §13: concatenated GSM-7 parts hold 153 units, so 306 is two and 307 three', () => {
  assert.deepEqual(countSegments(latin(306)), { encoding: 'gsm7', units: 306, parts: 2 });
  assert.deepEqual(countSegments(latin(307)), { encoding: 'gsm7', units: 307, parts: 3 });
});

test('spec §13: UCS-2 fits 70 units in one SMS, 71 takes two', () => {
  assert.deepEqual(countSegments(cyrillic(70)), { encoding: 'ucs2', units: 70, parts: 1 });
  assert.deepEqual(countSegments(cyrillic(71)), { encoding: 'ucs2', units: 71, parts: 2 });
});

test('spec §13: concatenated UCS-2 parts hold 67 units, so 134 is two and 135 three', () => {
  assert.deepEqual(countSegments(cyrillic(134)), { encoding: 'ucs2', units: 134, parts: 2 });
  assert.deepEqual(countSegments(cyrillic(135)), { encoding: 'ucs2', units: 135, parts: 3 });
});

test('spec §13: { } [ ] ^ ~ \\ | € each count as two GSM-7 units', () => {
  assert.deepEqual(countSegments('{}[]^~\\|€'), { encoding: 'gsm7', units: 18, parts: 1 });
  assert.deepEqual(countSegments(latin(158) + '€'), { encoding: 'gsm7', units: 160, parts: 1 });
  assert.deepEqual(countSegments(latin(159) + '€'), { encoding: 'gsm7', units: 161, parts: 2 });
});

test('spec §13: ` and № are not GSM-7 and force the whole message into UCS-2', () => {
  assert.deepEqual(countSegments(latin(100) + '`'), { encoding: 'ucs2', units: 101, parts: 2 });
  assert.deepEqual(countSegments('Order №5'), { encoding: 'ucs2', units: 8, parts: 1 });
});

test('spec §13: an astral emoji counts as two UTF-16 units', () => {
  assert.deepEqual(countSegments('😀'), { encoding: 'ucs2', units: 2, parts: 1 });
  assert.deepEqual(countSegments(latin(69) + '😀'), { encoding: 'ucs2', units: 71, parts: 2 });
});

test('spec §13: an escape sequence never straddles two GSM-7 parts, which can add a part', () => {
  // 152 + 2 + 152 = 306 units, ceil(306/153) = 2, but the € cannot start at unit 153 of part one.
  assert.deepEqual(countSegments(latin(152) + '€' + latin(152)), { encoding: 'gsm7', units: 306, parts: 3 });
  assert.deepEqual(countSegments(latin(151) + '€' + latin(153)), { encoding: 'gsm7', units: 306, parts: 2 });
});

test('spec §13: a surrogate pair never straddles two UCS-2 parts, which can add a part', () => {
  // 66 + 2 + 66 = 134 units, ceil(134/67) = 2, but the emoji cannot start at unit 67 of part one.
  assert.deepEqual(countSegments(cyrillic(66) + '😀' + cyrillic(66)), { encoding: 'ucs2', units: 134, parts: 3 });
  assert.deepEqual(countSegments(cyrillic(65) + '😀' + cyrillic(67)), { encoding: 'ucs2', units: 134, parts: 2 });
});

test('docs/text.md: an empty text is one GSM-7 message of zero units', () => {
  assert.deepEqual(countSegments(''), { encoding: 'gsm7', units: 0, parts: 1 });
});

test('spec §13: GSM-7 basic specials (@, £, Ä, newline) count one unit each', () => {
  assert.deepEqual(countSegments('@£Ä\n'), { encoding: 'gsm7', units: 4, parts: 1 });
});
