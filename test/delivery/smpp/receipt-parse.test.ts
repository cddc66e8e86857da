// Receipt parsing: the receipted_message_id and message_state TLVs first, the Appendix B text body second.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MAX_RECEIPT_BODY_OCTETS, parseReceipt } from '../../../src/delivery/smpp/receipt-parse.ts';

const body = (text: string) => Buffer.from(text, 'latin1');

test('SMPP 3.4 Appendix B body alone (no TLVs, "Text:" capitalised as in the appendix)', () => {
  const pdu = { short_message: body('id:0000000ABC sub:001 dlvrd:000 submit date:2401011200 done date:2401011201 stat:UNDELIV err:001 Text:hello') };
  assert.deepEqual(parseReceipt(pdu, 'hex'), { carrierId: 'abc', state: 5, errCode: 1 });
});

test('the TLVs win over the body: receipted_message_id and message_state (SMPP 3.4 §5.3.2.12, §5.3.2.35)', () => {
  const pdu = {
    receipted_message_id: '00FF',
    message_state: 2,
    short_message: body('id:255 sub:001 dlvrd:001 submit date:2401011200 done date:2401011201 stat:UNDELIV err:000 text:x'),
  };
  assert.deepEqual(parseReceipt(pdu, 'hex'), { carrierId: 'ff', state: 2, errCode: 0 });
});

test('a message_state outside 1..8 falls back to the stat: word', () => {
  const pdu = { receipted_message_id: '7', message_state: 0, short_message: body('id:7 stat:EXPIRED err:245') };
  assert.deepEqual(parseReceipt(pdu, 'decimal'), { carrierId: '7', state: 3, errCode: 245 });
});

test('Kannel-style receipt with a UUID id (somleng smpp_delivery_receipt spec, "parses delivery receipt from Kannel")', () => {
  const pdu = { short_message: body('id:5516a151-4970-45b6-b73e-95aefdb11cbf sub:001 dlvrd:001 submit date:2302231414 done date:230223194211 stat:DELIVRD err:000 text:Hello') };
  assert.deepEqual(parseReceipt(pdu, 'text'), { carrierId: '5516a151-4970-45b6-b73e-95aefdb11cbf', state: 2, errCode: 0 });
});

test('stat: spellings seen in the field (CM.com writes DELIVERD), in any case; the body may come in message_payload', () => {
  assert.equal(parseReceipt({ short_message: body('id:1 stat:DELIVERD err:000') }, 'decimal').err, undefined);
  assert.deepEqual(parseReceipt({ message_payload: body('id:1 stat:rejectd err:253') }, 'decimal'), { carrierId: '1', state: 8, errCode: 253 });
});

test('the text: field repeating field names does not override the real ones', () => {
  const pdu = { short_message: body('id:42 sub:001 dlvrd:001 submit date:2401011200 done date:2401011201 stat:DELIVRD err:000 text:id:99 stat:UNDELIV') };
  assert.deepEqual(parseReceipt(pdu, 'decimal'), { carrierId: '42', state: 2, errCode: 0 });
});

test('no id, no known state, or a non-numeric err: fail or leave the err out', () => {
  assert.match(parseReceipt({ short_message: body('stat:DELIVRD') }, 'hex').err?.message ?? '', /no message id/);
  assert.match(parseReceipt({ short_message: body('id:1 stat:WHATEVER') }, 'hex').err?.message ?? '', /no known state/);
  assert.deepEqual(parseReceipt({ receipted_message_id: '1', message_state: 5, short_message: body('err:x1') }, 'hex'), { carrierId: '1', state: 5 });
});

test('hostile peer: fields beyond MAX_RECEIPT_BODY_OCTETS of a huge body are not read', () => {
  const pdu = { message_payload: body(`${' '.repeat(MAX_RECEIPT_BODY_OCTETS)} id:1 stat:DELIVRD`) };
  assert.match(parseReceipt(pdu, 'hex').err?.message ?? '', /no message id/);
});
