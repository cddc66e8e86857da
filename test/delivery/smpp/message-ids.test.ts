// Message id normalisation: hex and decimal ids compare as numbers, text ids as written, over-long ids refused.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MAX_MESSAGE_ID_CHARS, normaliseMessageId } from '../../../src/delivery/smpp/message-ids.ts';

test('hex ids: case, leading zeros and blanks do not matter', () => {
  for (const raw of ['ABC', 'abc', '00000ABC', ' 0abc ']) assert.deepEqual(normaliseMessageId(raw, 'hex'), { id: 'abc' }, raw);
  assert.deepEqual(normaliseMessageId('0000', 'hex'), { id: '0' });
  // Beyond 2^53, where a Number would round: 20 hex digits stay exact through BigInt.
  assert.deepEqual(normaliseMessageId('00FFFFFFFFFFFFFFFFFFFF', 'hex'), { id: 'ffffffffffffffffffff' });
});

test('decimal ids: leading zeros do not matter, the form stays decimal', () => {
  // A zero-padded 10-digit id, as the Restcomm/Telestax SMPP DLR parser's tests receive it.
  assert.deepEqual(normaliseMessageId('0000058049', 'decimal'), { id: '58049' });
  assert.deepEqual(normaliseMessageId('1751354780682325918', 'decimal'), { id: '1751354780682325918' });
});

test('an id that is not a number in its format stays as written, so the same odd id still matches itself', () => {
  assert.deepEqual(normaliseMessageId('5516a151-4970-45b6-b73e-95aefdb11cbf', 'hex'), { id: '5516a151-4970-45b6-b73e-95aefdb11cbf' });
  assert.deepEqual(normaliseMessageId('12AB', 'decimal'), { id: '12AB' });
});

test('text ids are compared as written (trimmed)', () => {
  assert.deepEqual(normaliseMessageId(' 00Ab ', 'text'), { id: '00Ab' });
});

test('hostile peer: an empty id or one over MAX_MESSAGE_ID_CHARS is refused before BigInt sees it', () => {
  assert.ok(normaliseMessageId('', 'hex').err);
  assert.ok(normaliseMessageId('   ', 'text').err);
  assert.ok(!normaliseMessageId('1'.repeat(MAX_MESSAGE_ID_CHARS), 'decimal').err);
  assert.match(normaliseMessageId('1'.repeat(MAX_MESSAGE_ID_CHARS + 1), 'decimal').err?.message ?? '', /at most 65/);
  assert.ok(normaliseMessageId('f'.repeat(1_000_000), 'hex').err);
});
