// submit_sm fields: sender TON/NPI by kind, flash data_coding, validity as an absolute SMPP time, receipts asked.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { OutboundMessage } from '../../../src/delivery/connector.ts';
import type { SmppConnectorConfig } from '../../../src/delivery/connector-config.ts';
import { smppAbsoluteTime, submitFields } from '../../../src/delivery/smpp/submit-pdu.ts';
import { splitMessage } from '../../../src/delivery/smpp/split.ts';

const CONFIG = {
  sourceTonAlpha: 5, sourceNpiAlpha: 0, sourceTon: 1, sourceNpi: 1, destTon: 1, destNpi: 1, registeredDelivery: 1,
} as SmppConnectorConfig;

// 2024-02-29 23:59:58.700 UTC.
const EXPIRES = Date.UTC(2024, 1, 29, 23, 59, 58, 700);

function fields(overrides: Partial<OutboundMessage>, text = 'hi') {
  const message: OutboundMessage = { intId: 1, address: '79161234567', kind: 'sms', sender: 'OpenSMSC', subject: '', text, expiresAt: EXPIRES, ...overrides };
  const split = splitMessage(text, 'sar', 7);
  assert.ok(!split.err);
  return split.parts.map((part) => submitFields(message, part, CONFIG));
}

test('SMPP 3.4 §7.1.1 absolute time: YYMMDDhhmmss, tenths 0, offset 00, "+"', () => {
  assert.equal(smppAbsoluteTime(EXPIRES), '240229235958000+');
});

test('each second has its own absolute time, whatever the order they are asked in', () => {
  assert.equal(smppAbsoluteTime(EXPIRES + 1_300), '240301000000000+', 'the next second is the next day');
  assert.equal(smppAbsoluteTime(EXPIRES + 299), '240229235958000+', 'the same second as before, asked again');
  assert.equal(smppAbsoluteTime(EXPIRES - 86_400_000), '240228235958000+');
  assert.equal(smppAbsoluteTime(EXPIRES), '240229235958000+');
});

test('an alphanumeric sender gets the alpha TON/NPI; a numeric one the numeric TON/NPI without "+"; none gets 0/0 and ""', () => {
  const source = (sender: string) => {
    const [f] = fields({ sender });
    return [f?.source_addr_ton, f?.source_addr_npi, f?.source_addr];
  };
  assert.deepEqual(source('OpenSMSC'), [5, 0, 'OpenSMSC']);
  assert.deepEqual(source('+79161230000'), [1, 1, '79161230000']);
  assert.deepEqual(source(''), [0, 0, '']);
});

test('the destination, registered_delivery, validity and the part itself', () => {
  const [f] = fields({});
  assert.deepEqual(
    { ...f, short_message: f?.short_message?.toString('latin1') },
    {
      source_addr_ton: 5, source_addr_npi: 0, source_addr: 'OpenSMSC', dest_addr_ton: 1, dest_addr_npi: 1, destination_addr: '79161234567',
      esm_class: 0, registered_delivery: 1, data_coding: 0, validity_period: '240229235958000+', short_message: 'hi',
    },
  );
  const sar = fields({}, 'x'.repeat(200));
  assert.deepEqual(sar.map((p) => [p.sar_msg_ref_num, p.sar_total_segments, p.sar_segment_seqnum]), [[7, 2, 1], [7, 2, 2]]);
});

test('flash: message class 0 in data_coding, 0x10 for GSM-7 and 0x18 for UCS-2 (GSM 03.38 §4)', () => {
  assert.equal(fields({ kind: 'flash' })[0]?.data_coding, 0x10);
  assert.equal(fields({ kind: 'flash' }, 'привет')[0]?.data_coding, 0x18);
  assert.equal(fields({}, 'привет')[0]?.data_coding, 0x08);
});
