// Cutting texts into submit_sm parts: UDH (TS 23.040 §9.2.3.24.1), SAR TLVs (SMPP 3.4 §5.3.2.22–24), message_payload.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { splitMessage, type LongMessageMode, type MessagePart } from '../../../src/delivery/smpp/split.ts';
import { countSegments } from '../../../src/text/segments.ts';

function parts(text: string, mode: LongMessageMode, reference = 0x2a): MessagePart[] {
  const split = splitMessage(text, mode, reference);
  assert.ok(!split.err, split.err?.message);
  return split.parts;
}

const hexOf = (part: MessagePart | undefined) => part?.shortMessage.toString('hex');

test('a text that fits one SMS is one part without UDH or TLVs, in every mode', () => {
  for (const mode of ['udh', 'sar', 'payload'] as const) {
    assert.deepEqual(parts('Hello', mode), [{ dataCoding: 0, shortMessage: Buffer.from('48656c6c6f', 'hex'), esmClass: 0, tlvs: {} }]);
    assert.equal(parts('a'.repeat(160), mode).length, 1, '160 septets fit');
    assert.equal(parts('я'.repeat(70), mode)[0]?.dataCoding, 8, '70 UCS-2 units fit');
  }
});

test('TS 23.040 §9.2.3.24.1: a 2-part GSM-7 message with UDH 05 00 03 ref total seq and UDHI 0x40', () => {
  const [first, second, ...rest] = parts('a'.repeat(160) + 'b', 'udh');
  assert.equal(rest.length, 0);
  assert.equal(hexOf(first), '0500032a0201' + '61'.repeat(153), 'part 1: UDH then 153 septets');
  assert.equal(hexOf(second), '0500032a0202' + '61'.repeat(7) + '62', 'part 2: UDH then the rest');
  for (const part of [first, second]) {
    assert.equal(part?.esmClass, 0x40);
    assert.equal(part?.dataCoding, 0);
    assert.deepEqual(part?.tlvs, {});
  }
});

test('TS 23.040 §9.2.3.24.1: a 2-part UCS-2 message holds 67 units per part', () => {
  const [first, second] = parts('я'.repeat(71), 'udh', 0x7b);
  assert.equal(hexOf(first), '0500037b0201' + '044f'.repeat(67));
  assert.equal(hexOf(second), '0500037b0202' + '044f'.repeat(4));
  assert.equal(first?.dataCoding, 8);
});

test('an escape pair or a surrogate pair is never cut; the part closes early', () => {
  const [gsmFirst, gsmSecond] = parts('a'.repeat(152) + '€' + 'a'.repeat(10), 'udh');
  assert.equal(hexOf(gsmFirst), '0500032a0201' + '61'.repeat(152), '€ does not fit the last septet');
  assert.equal(hexOf(gsmSecond), '0500032a0202' + '1b65' + '61'.repeat(10));
  const [ucsFirst, ucsSecond] = parts('я'.repeat(66) + '😀' + 'я'.repeat(5), 'udh');
  assert.equal(hexOf(ucsFirst), '0500032a0201' + '044f'.repeat(66), 'the surrogate pair does not fit one unit');
  assert.equal(hexOf(ucsSecond), '0500032a0202' + 'd83dde00' + '044f'.repeat(5));
});

test('the UDH reference is the low 8 bits of the reference given', () => {
  assert.equal(hexOf(parts('a'.repeat(161), 'udh', 0x1ff)[0])?.slice(0, 12), '050003ff0201');
});

test('SMPP 3.4 §5.3.2.22–24: SAR parts cut at the same points, without UDH, with sar_* TLVs', () => {
  const [first, second] = parts('a'.repeat(160) + 'b', 'sar', 0x1234);
  assert.equal(hexOf(first), '61'.repeat(153));
  assert.equal(hexOf(second), '61'.repeat(7) + '62');
  assert.deepEqual(first?.tlvs, { sar_msg_ref_num: 0x1234, sar_total_segments: 2, sar_segment_seqnum: 1 });
  assert.deepEqual(second?.tlvs, { sar_msg_ref_num: 0x1234, sar_total_segments: 2, sar_segment_seqnum: 2 });
  assert.equal(first?.esmClass, 0);
});

test('SMPP 3.4 §5.3.2.32: payload mode sends one PDU, empty short_message, the whole text in message_payload', () => {
  const text = 'Привет, мир! '.repeat(20);
  const [only, ...rest] = parts(text, 'payload');
  assert.equal(rest.length, 0);
  assert.equal(only?.shortMessage.length, 0);
  assert.equal(only?.dataCoding, 8);
  assert.equal(only?.esmClass, 0);
  assert.equal(only?.tlvs.message_payload?.toString('hex').slice(0, 8), '041f0440');
  assert.equal(only?.tlvs.message_payload?.length, text.length * 2);
});

test('a text needing more than 255 parts, or more than 65535 payload octets, is refused', () => {
  assert.match(splitMessage('a'.repeat(153 * 255 + 1), 'udh', 1).err?.message ?? '', /256 parts/);
  assert.equal(parts('a'.repeat(153 * 255), 'udh').length, 255);
  assert.match(splitMessage('я'.repeat(40_000), 'payload', 1).err?.message ?? '', /80000 octets/);
});

/** A seeded generator so a failing corpus text can be reproduced. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

const POOLS = ['abc xyz 0129', 'abc{}€[]^~|\\', 'абв где', 'ab😀🎉c', 'a\u0060b'];

test('on a random corpus the part count always equals countSegments(text).parts', () => {
  const next = random(42);
  for (let i = 0; i < 500; i += 1) {
    const pool = Array.from(POOLS[Math.floor(next() * POOLS.length)] as string);
    const length = Math.floor(next() * 700);
    const text = Array.from({ length }, () => pool[Math.floor(next() * pool.length)]).join('');
    const expected = countSegments(text);
    for (const mode of ['udh', 'sar'] as const) {
      const split = parts(text, mode);
      assert.equal(split.length, expected.parts, `${mode} parts of ${JSON.stringify(text)}`);
      assert.equal(split[0]?.dataCoding, expected.encoding === 'gsm7' ? 0 : 8);
    }
  }
});
