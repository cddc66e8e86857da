// Joining received parts: UDH with 8- and 16-bit references among other IEs, SAR, message_payload, caps and expiry.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Reassembler, type FeedOutcome, type ReceivedPart } from '../../../src/delivery/smpp/reassembly.ts';
import { splitMessage, type LongMessageMode } from '../../../src/delivery/smpp/split.ts';
import type { Result } from '../../../src/result.ts';

function part(shortMessageHex: string, fields: Partial<ReceivedPart> = {}): ReceivedPart {
  return { source: 'SMSC', destination: '79161234567', dataCoding: 0, shortMessage: Buffer.from(shortMessageHex, 'hex'), esmClass: 0x40, tlvs: {}, ...fields };
}

function completeText<Tag>(outcome: Result<FeedOutcome<Tag>, Error>): string | undefined {
  assert.ok(!outcome.err, outcome.err?.message);
  return 'complete' in outcome ? outcome.complete.text : undefined;
}

test('a single part without UDH is a whole message at once', () => {
  const reassembler = new Reassembler<number>();
  const outcome = reassembler.feed(part('48656c6c6f', { esmClass: 0 }), 1, 0);
  assert.ok(!outcome.err && 'complete' in outcome);
  assert.deepEqual(outcome.complete, {
    source: 'SMSC', destination: '79161234567', dataCoding: 0, text: 'Hello', octets: Buffer.from('Hello'), tags: [1],
  });
});

test('TS 23.038 §4 coding group 00x1: flash data_coding 0x10 (GSM-7) and 0x18 (UCS-2) decode by their alphabet', () => {
  const reassembler = new Reassembler<number>();
  assert.equal(completeText(reassembler.feed(part('48656c6c6f', { esmClass: 0, dataCoding: 0x10 }), 1, 0)), 'Hello');
  assert.equal(completeText(reassembler.feed(part('041f04380432', { esmClass: 0, dataCoding: 0x18 }), 2, 0)), 'Пив');
});

test('TS 23.040 §9.2.3.24.1: parts arriving out of order join in seq order, with tags in seq order', () => {
  const reassembler = new Reassembler<string>();
  assert.equal(completeText(reassembler.feed(part('0500032a0303' + '63'), 'c', 0)), undefined);
  assert.equal(completeText(reassembler.feed(part('0500032a0301' + '61'), 'a', 0)), undefined);
  assert.equal(reassembler.stats.pending, 1);
  const last = reassembler.feed(part('0500032a0302' + '62'), 'b', 0);
  assert.ok(!last.err && 'complete' in last);
  assert.equal(last.complete.text, 'abc');
  assert.equal(last.complete.reference, 0x2a);
  assert.deepEqual(last.complete.tags, ['a', 'b', 'c']);
  assert.equal(reassembler.stats.pending, 0);
});

test('TS 23.040 §9.2.3.24.8: a 16-bit reference (IEI 0x08) keeps messages with equal low bytes apart', () => {
  const reassembler = new Reassembler<number>();
  assert.equal(completeText(reassembler.feed(part('06080412340201' + '041f', { dataCoding: 8 }), 1, 0)), undefined);
  assert.equal(completeText(reassembler.feed(part('06080455340202' + '0440', { dataCoding: 8 }), 2, 0)), undefined);
  assert.equal(completeText(reassembler.feed(part('06080412340202' + '0438', { dataCoding: 8 }), 3, 0)), 'Пи');
  const other = reassembler.feed(part('06080455340201' + '0432', { dataCoding: 8 }), 4, 0);
  assert.ok(!other.err && 'complete' in other);
  assert.equal(other.complete.text, 'вр');
  assert.equal(other.complete.reference, 0x5534);
});

test('TS 23.040 §9.2.3.24.4: a port-addressing IE before the concat IE is skipped by its length', () => {
  const reassembler = new Reassembler<number>();
  // UDHL 0x0B: IE 05 (16-bit ports, 4 octets) then IE 00 (concat, 3 octets).
  assert.equal(completeText(reassembler.feed(part('0b05040b8423f00003090201' + '6869'), 1, 0)), undefined);
  assert.equal(completeText(reassembler.feed(part('0b05040b8423f00003090202' + '21'), 2, 0)), 'hi!');
});

test('SMPP 3.4 §5.3.2.22–24: SAR TLV parts join without a UDH', () => {
  const reassembler = new Reassembler<number>();
  const sar = (seq: number) => ({ esmClass: 0, tlvs: { sar_msg_ref_num: 0x1234, sar_total_segments: 2, sar_segment_seqnum: seq } });
  assert.equal(completeText(reassembler.feed(part('6869', sar(2)), 2, 0)), undefined);
  assert.equal(completeText(reassembler.feed(part('4f6b', sar(1)), 1, 0)), 'Okhi');
});

test('SMPP 3.4 §5.3.2.32: message_payload carries the whole text, with or without a UDH inside it', () => {
  const reassembler = new Reassembler<number>();
  const payload = { esmClass: 0, tlvs: { message_payload: Buffer.from('041f0440', 'hex') }, dataCoding: 8 };
  assert.equal(completeText(reassembler.feed(part('', payload), 1, 0)), 'Пр');
  const withUdh = { esmClass: 0x40, tlvs: { message_payload: Buffer.from('05000301020161', 'hex') } };
  assert.equal(completeText(reassembler.feed(part('', withUdh), 2, 0)), undefined, 'part 1 of 2 inside a payload');
});

test('the split of every corpus text in every mode joins back byte-exact', () => {
  const texts = ['a'.repeat(500), '{€}'.repeat(120), 'я'.repeat(300), 'ab😀'.repeat(60), 'short', ''];
  for (const mode of ['udh', 'sar', 'payload'] satisfies LongMessageMode[]) {
    for (const text of texts) {
      const split = splitMessage(text, mode, 7);
      assert.ok(!split.err);
      const reassembler = new Reassembler<number>();
      const outcomes = split.parts.reverse().map((p, i) =>
        reassembler.feed({ source: 's', destination: 'd', dataCoding: p.dataCoding, shortMessage: p.shortMessage, esmClass: p.esmClass, tlvs: p.tlvs }, i, 0),
      );
      assert.equal(completeText(outcomes.at(-1) as (typeof outcomes)[number]), text, `${mode}: ${text.slice(0, 12)}`);
    }
  }
});

test('malformed parts are refused as malformed', () => {
  const reassembler = new Reassembler<number>();
  const cases: Array<[string, ReceivedPart]> = [
    ['UDHL past the end', part('0a0003')],
    ['IE past the UDHL', part('0300052a02')],
    ['concat IE of wrong length', part('0400022a02' + '61')],
    ['seq above total', part('0500032a0203' + '61')],
    ['seq zero', part('0500032a0200' + '61')],
    ['only some SAR TLVs', part('61', { esmClass: 0, tlvs: { sar_msg_ref_num: 1, sar_segment_seqnum: 1 } })],
    ['payload and short_message', part('61', { esmClass: 0, tlvs: { message_payload: Buffer.from('62') } })],
    ['undecodable GSM-7', part('ff', { esmClass: 0 })],
    ['unsupported data_coding', part('61', { esmClass: 0, dataCoding: 4 })],
  ];
  for (const [name, bad] of cases) {
    const outcome = reassembler.feed(bad, 0, 0);
    assert.equal(outcome.err?.code, 'malformed', name);
  }
  assert.ok(!reassembler.feed(part('0500032a0201' + '61'), 0, 0).err);
  assert.equal(reassembler.feed(part('0500032a0202' + '0442', { dataCoding: 8 }), 0, 0).err?.code, 'malformed', 'data_coding changes between parts');
});

test('cap: at most maxPending partial messages; the next new one is refused as full until one completes', () => {
  const reassembler = new Reassembler<number>({ maxPending: 2 });
  assert.ok(!reassembler.feed(part('050003010201' + '61'), 0, 0).err);
  assert.ok(!reassembler.feed(part('050003020201' + '61'), 0, 0).err);
  assert.equal(reassembler.feed(part('050003030201' + '61'), 0, 0).err?.code, 'full');
  assert.equal(completeText(reassembler.feed(part('050003010202' + '62'), 0, 0)), 'ab', 'a part of an open message still joins');
  assert.ok(!reassembler.feed(part('050003030201' + '61'), 0, 0).err, 'room again');
});

test('cap: at most maxPendingOctets held in partial messages', () => {
  const reassembler = new Reassembler<number>({ maxPendingOctets: 10 });
  assert.ok(!reassembler.feed(part('050003010301' + '61'.repeat(6)), 0, 0).err);
  assert.equal(reassembler.feed(part('050003010302' + '61'.repeat(5)), 0, 0).err?.code, 'full');
  assert.equal(reassembler.stats.pendingOctets, 6);
});

test('cap: partial messages older than maxAgeMs are dropped and counted', () => {
  const reassembler = new Reassembler<number>({ maxAgeMs: 1000 });
  assert.ok(!reassembler.feed(part('050003010201' + '61'), 0, 0).err);
  assert.ok(!reassembler.feed(part('050003020201' + '61'), 0, 500).err);
  assert.equal(completeText(reassembler.feed(part('050003010202' + '62'), 0, 1000)), undefined, 'message 1 expired; its part 2 opens anew');
  assert.deepEqual(reassembler.stats, { pending: 2, pendingOctets: 2, expired: 1 });
  assert.equal(completeText(reassembler.feed(part('050003020202' + '62'), 0, 1499)), 'ab', 'message 2 is 999 ms old');
});

test('a part sent twice replaces the first copy and keeps both tags', () => {
  const reassembler = new Reassembler<string>();
  assert.ok(!reassembler.feed(part('050003010201' + '61'), 'first', 0).err);
  assert.ok(!reassembler.feed(part('050003010201' + '61'), 'retry', 0).err);
  const outcome = reassembler.feed(part('050003010202' + '62'), 'second', 0);
  assert.ok(!outcome.err && 'complete' in outcome);
  assert.deepEqual(outcome.complete.tags, ['first', 'retry', 'second']);
  assert.equal(outcome.complete.text, 'ab');
});
