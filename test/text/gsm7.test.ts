// The GSM-7 default alphabet and extension table against 3GPP TS 23.038 §6.2.1.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isGsm7Basic, isGsm7Extension } from '../../src/text/gsm7.ts';

function everyBmpChar(predicate: (char: string) => boolean): string[] {
  const found: string[] = [];
  for (let code = 0; code <= 0xffff; code += 1) {
    const char = String.fromCharCode(code);
    if (predicate(char)) found.push(char);
  }
  return found;
}

test('TS 23.038 §6.2.1: the basic table holds 127 characters (128 septets less ESC)', () => {
  assert.equal(everyBmpChar(isGsm7Basic).length, 127);
  assert.equal(isGsm7Basic('\u001b'), false, 'ESC 0x1B is a switch, not a character');
});

test('TS 23.038 §6.2.1: every character of the standard basic table is basic', () => {
  const table = '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';
  assert.equal(Array.from(table).length, 127);
  for (const char of table) assert.ok(isGsm7Basic(char), `U+${char.codePointAt(0)?.toString(16)} is basic`);
});

test('TS 23.038 §6.2.1: look-alikes of table characters are not basic', () => {
  // Ω and Δ in the table are Greek; the Ohm sign and the increment operator are other code points.
  for (const char of ['\u2126', '\u2206', 'ç', 'Ё', 'ё', 'а', '`', '№', '\t', '\u00a0']) {
    assert.equal(isGsm7Basic(char), false, `U+${char.codePointAt(0)?.toString(16)} is not basic`);
  }
});

test('TS 23.038 §6.2.1.1: the extension table is ^ { } \\ [ ~ ] | € and form feed', () => {
  const extension = everyBmpChar(isGsm7Extension);
  assert.deepEqual(extension.sort(), ['\f', '[', '\\', ']', '^', '{', '|', '}', '~', '€'].sort());
  for (const char of extension) assert.equal(isGsm7Basic(char), false, `${char} is not also basic`);
});

test('TS 23.038 §6.2.1: a string longer than one character is neither basic nor extension', () => {
  assert.equal(isGsm7Basic('ab'), false);
  assert.equal(isGsm7Basic(''), false);
  assert.equal(isGsm7Extension('{{'), false);
  assert.equal(isGsm7Basic('😀'), false);
});
