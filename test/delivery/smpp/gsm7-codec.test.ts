// GSM-7 as SMPP data_coding 0 carries it: one septet per octet, extensions as ESC + code (3GPP TS 23.038 §6.2.1).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { canEncodeGsm7, decodeGsm7, encodeGsm7 } from '../../../src/delivery/smpp/gsm7-codec.ts';

function hex(text: string): string {
  const encoded = encodeGsm7(text);
  assert.ok(!encoded.err, `${text} encodes`);
  return encoded.octets.toString('hex');
}

test('TS 23.038 §6.2.1: basic characters are their septet values', () => {
  assert.equal(hex('Hello'), '48656c6c6f', 'ASCII letters keep their codes');
  assert.equal(hex('@£$¥'), '00010203', 'the first row of the table');
  assert.equal(hex('Δ_ΦΓΛΩΠΨΣΘΞ'), '101112131415161718191a', 'Greek capitals at 0x10..0x1A');
  assert.equal(hex('¡¿äöñüà'), '40607b7c7d7e7f', '0x40, 0x60 and the last row');
});

test('TS 23.038 §6.2.1.1: extension characters are ESC 0x1B plus their code', () => {
  assert.equal(hex('€'), '1b65');
  assert.equal(hex('\f^{}\\[~]|'), '1b0a1b141b281b291b2f1b3c1b3d1b3e1b40');
  assert.equal(hex('a{b'), '611b2862');
});

test('every encodable BMP character survives encode and decode', () => {
  let count = 0;
  for (let code = 0; code <= 0xffff; code += 1) {
    const char = String.fromCharCode(code);
    if (!canEncodeGsm7(char)) continue;
    count += 1;
    const encoded = encodeGsm7(char);
    assert.ok(!encoded.err);
    assert.deepEqual(decodeGsm7(encoded.octets), { text: char }, `U+${code.toString(16)}`);
  }
  assert.equal(count, 127 + 10, '127 basic characters and 10 extension characters');
});

test('characters outside GSM-7 are refused, naming the code point', () => {
  assert.equal(canEncodeGsm7('Привет'), false);
  assert.equal(canEncodeGsm7('plain text {with} €'), true);
  const encoded = encodeGsm7('ok `');
  assert.ok(encoded.err);
  assert.match(encoded.err.message, /U\+60/);
});

test('decode refuses octets above 0x7F and a trailing ESC', () => {
  assert.match(decodeGsm7(Buffer.from('4180', 'hex')).err?.message ?? '', /0x80 at 1/);
  assert.match(decodeGsm7(Buffer.from('411b', 'hex')).err?.message ?? '', /ends in an ESC/);
});

test('TS 23.038 §6.2.1.1: an escaped septet with no extension character shows as its basic character', () => {
  assert.deepEqual(decodeGsm7(Buffer.from('1b41', 'hex')), { text: 'A' });
});
