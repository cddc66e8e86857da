// The client's PDU codec, byte for byte against the smpp package, and its client session's framing over a real socket.
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Socket } from 'node:net';
import { SmppClientSession } from '../../../src/delivery/smpp/client-session.ts';
import { decodePdu, encodePdu, SmppPdu } from '../../../src/delivery/smpp/pdu-codec.ts';
import { newPdu, type Pdu, type PduFields, type SmppCommand } from '../../../src/delivery/smpp/smpp-lib.ts';
import { waitFor } from '../../support/wait.ts';

type Command = SmppCommand | `${SmppCommand}_resp`;

/** The package's encoding of `command` with `fields` (sequence_number included). */
function packageOctets(command: Command, fields: PduFields): Buffer {
  return (newPdu(command as SmppCommand, fields) as Pdu & { toBuffer(): Buffer }).toBuffer();
}

const GSM_PART = Buffer.from([0x05, 0x00, 0x03, 0x2a, 0x02, 0x01, 0x48, 0x65, 0x6c, 0x6c, 0x6f]);
const SUBMIT: PduFields = {
  sequence_number: 7,
  source_addr_ton: 5, source_addr_npi: 0, source_addr: 'OpenSMSC',
  dest_addr_ton: 1, dest_addr_npi: 1, destination_addr: '79161234567',
  esm_class: 0x40, registered_delivery: 1, data_coding: 0, validity_period: '261203145500000+',
  short_message: GSM_PART,
};

const ENCODED: [string, Command, PduFields][] = [
  ['bind_transceiver', 'bind_transceiver', { sequence_number: 1, system_id: 'gateway', password: 'secret', system_type: 'VMA', interface_version: 0x34 }],
  ['submit_sm, alphanumeric sender, UDH in short_message', 'submit_sm', SUBMIT],
  ['submit_sm with SAR TLVs', 'submit_sm', { ...SUBMIT, esm_class: 0, data_coding: 8, sar_msg_ref_num: 0x1234, sar_total_segments: 3, sar_segment_seqnum: 2 }],
  ['submit_sm with message_payload and an empty short_message', 'submit_sm', { ...SUBMIT, short_message: Buffer.alloc(0), message_payload: Buffer.alloc(400, 0x41) }],
  ['submit_sm without a sender', 'submit_sm', { sequence_number: 0x7fffffff, destination_addr: '1', short_message: Buffer.from('x') }],
  ['deliver_sm_resp', 'deliver_sm_resp', { sequence_number: 9, command_status: 0 }],
  ['deliver_sm_resp refused (header only)', 'deliver_sm_resp', { sequence_number: 9, command_status: 0x64 }],
  ['enquire_link', 'enquire_link', { sequence_number: 3 }],
  ['enquire_link_resp', 'enquire_link_resp', { sequence_number: 3 }],
  ['unbind', 'unbind', { sequence_number: 4 }],
  ['unbind_resp', 'unbind_resp', { sequence_number: 4 }],
  ['generic_nack', 'generic_nack', { sequence_number: 5, command_status: 3 }],
];

for (const [name, command, fields] of ENCODED) {
  test(`encodes ${name} as the smpp package does`, () => {
    assert.deepEqual(encodePdu(new SmppPdu(command, fields)).toString('hex'), packageOctets(command, { ...fields }).toString('hex'));
  });
}

test('a short_message over 255 octets is refused, as the package refuses it', () => {
  assert.throws(() => encodePdu(new SmppPdu('submit_sm', { ...SUBMIT, short_message: Buffer.alloc(256) })), RangeError);
  assert.throws(() => packageOctets('submit_sm', { ...SUBMIT, short_message: Buffer.alloc(256) }));
});

test('decodes a receipt deliver_sm from the package into the fields the connector reads', () => {
  const receipt: PduFields = {
    sequence_number: 42, source_addr_ton: 1, source_addr_npi: 1, source_addr: '79161234567', destination_addr: 'OpenSMSC',
    esm_class: 0x04, data_coding: 0,
    short_message: Buffer.from('id:0A1B2C sub:001 dlvrd:001 submit date:2612031455 done date:2612031455 stat:DELIVRD err:000 text:'),
    receipted_message_id: '0A1B2C', message_state: 2, user_message_reference: 77,
  };
  const pdu = decodePdu(packageOctets('deliver_sm', receipt));
  assert.equal(pdu.command, 'deliver_sm');
  assert.equal(pdu.command_id, 5);
  assert.equal(pdu.isResponse(), false);
  const read = pdu as Pdu;
  assert.deepEqual(
    [read.sequence_number, read.command_status, read.source_addr, read.destination_addr, read.esm_class, read.data_coding, read.receipted_message_id, read.message_state, read.user_message_reference],
    [42, 0, '79161234567', 'OpenSMSC', 4, 0, '0A1B2C', 2, 77],
  );
  assert.deepEqual(read.short_message, receipt.short_message);
  assert.equal(read.validity_period, '');
});

test('decodes a long mobile-originated deliver_sm with SAR TLVs and message_payload, skipping TLVs it does not know', () => {
  const octets = packageOctets('deliver_sm', {
    sequence_number: 2, source_addr: '79160000000', short_message: Buffer.alloc(0),
    message_payload: Buffer.from('long text'), sar_msg_ref_num: 513, sar_total_segments: 2, sar_segment_seqnum: 1,
  });
  // An unknown TLV (0x1403, a vendor's) after the known ones.
  const vendor = Buffer.from([0x14, 0x03, 0x00, 0x02, 0xaa, 0xbb]);
  const withVendor = Buffer.concat([octets, vendor]);
  withVendor.writeUInt32BE(withVendor.length, 0);
  const pdu = decodePdu(withVendor) as Pdu;
  assert.deepEqual([pdu.sar_msg_ref_num, pdu.sar_total_segments, pdu.sar_segment_seqnum], [513, 2, 1]);
  assert.equal(pdu.message_payload?.toString(), 'long text');
  assert.deepEqual(pdu.short_message, Buffer.alloc(0));
  assert.equal(Object.keys(pdu).some((key) => /^\d+$/.test(key)), false);
});

test('decodes responses: bind_transceiver_resp, submit_sm_resp with an id, and one refused with its header alone', () => {
  const bound = decodePdu(packageOctets('bind_transceiver_resp', { sequence_number: 1, system_id: 'SMSC' }));
  assert.deepEqual([bound.command, bound.isResponse(), (bound as Pdu).system_id], ['bind_transceiver_resp', true, 'SMSC']);
  const taken = decodePdu(packageOctets('submit_sm_resp', { sequence_number: 8, message_id: '5f3a9c' })) as Pdu;
  assert.deepEqual([taken.command, taken.sequence_number, taken.command_status, taken.message_id], ['submit_sm_resp', 8, 0, '5f3a9c']);
  const refused = decodePdu(packageOctets('submit_sm_resp', { sequence_number: 8, command_status: 0x58 })) as Pdu;
  assert.deepEqual([refused.command_status, refused.message_id], [0x58, undefined]);
});

test('a truncated body leaves the missing fields out; a TLV running past the end is cut at the end', () => {
  const whole = packageOctets('deliver_sm', { sequence_number: 3, source_addr: '123', short_message: Buffer.from('abc'), receipted_message_id: 'ff' });
  const truncated = Buffer.from(whole.subarray(0, 16 + 1 + 2 + 2));
  truncated.writeUInt32BE(truncated.length, 0);
  const short = decodePdu(truncated) as Pdu;
  assert.equal(short.source_addr, '12');
  assert.equal(short.destination_addr, undefined);
  assert.equal(short.short_message, undefined);

  const overlong = Buffer.from(whole);
  overlong.writeUInt16BE(0x0100, overlong.length - 3 - 2);
  assert.equal((decodePdu(overlong) as Pdu).receipted_message_id, 'ff');
});

/** A PDU of `commandId` with its header alone. */
function headerOnly(commandId: number, sequence: number): Buffer {
  const octets = Buffer.alloc(16);
  octets.writeUInt32BE(16, 0);
  octets.writeUInt32BE(commandId, 4);
  octets.writeUInt32BE(sequence, 12);
  return octets;
}

test('responses: deliver_sm_resp for deliver_sm, generic_nack with ESME_RINVCMDID for an unknown command or one without a response', () => {
  const deliver = decodePdu(packageOctets('deliver_sm', { sequence_number: 11, short_message: Buffer.from('x') }));
  assert.equal(encodePdu(deliver.response({ command_status: 0 })).toString('hex'), packageOctets('deliver_sm_resp', { sequence_number: 11 }).toString('hex'));
  const pdu = decodePdu(headerOnly(0x00000999, 12));
  assert.equal(pdu.command, 'unknown');
  const nack = pdu.response({ command_status: 0 });
  assert.deepEqual([nack.command, nack.command_id, nack.command_status, nack.sequence_number], ['generic_nack', 0x80000000, 3, 12]);
  const nacked = decodePdu(encodePdu(new SmppPdu('generic_nack', { sequence_number: 1, command_status: 3 })));
  assert.equal(nacked.response().command, 'generic_nack');
  assert.equal(decodePdu(headerOnly(0x00000103, 2)).response({ command_status: 3 }).command, 'data_sm_resp');
});

/** A raw SMSC socket on loopback and a client session connected to it. */
async function rawPeer(t: TestContext): Promise<{ peer: Socket; session: SmppClientSession; received: Pdu[] }> {
  let accept!: (socket: Socket) => void;
  const accepted = new Promise<Socket>((resolve) => (accept = resolve));
  const server = createServer(accept);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const session = new SmppClientSession('127.0.0.1', typeof address === 'object' && address ? address.port : 0);
  const received: Pdu[] = [];
  session.on('pdu', (pdu: Pdu) => received.push(pdu));
  const peer = await accepted;
  // Both ends first: the server's close waits for its connections.
  t.after(() => {
    session.destroy();
    peer.destroy();
    return new Promise<void>((resolve) => server.close(() => resolve()));
  });
  return { peer, session, received };
}

const receiptOctets = (sequence: number) => packageOctets('deliver_sm', { sequence_number: sequence, esm_class: 4, short_message: Buffer.from(`id:${sequence}`) });

test('session: PDUs split across reads and many in one read come out whole and in order; pause holds them back', async (t) => {
  const { peer, session, received } = await rawPeer(t);
  const stream = Buffer.concat([1, 2, 3, 4].map(receiptOctets));
  peer.write(stream.subarray(0, 5));
  await new Promise((resolve) => setTimeout(resolve, 20));
  assert.equal(received.length, 0);
  peer.write(stream.subarray(5));
  await waitFor('four receipts', () => received.length === 4);
  assert.deepEqual(received.map((pdu) => pdu.short_message?.toString()), ['id:1', 'id:2', 'id:3', 'id:4']);

  session.pause();
  peer.write(receiptOctets(5));
  await new Promise((resolve) => setTimeout(resolve, 50));
  assert.equal(received.length, 4);
  session.resume();
  await waitFor('the receipt held back', () => received.length === 5);
});

test('session: requests are numbered, what one job sends leaves in one write, and each response reaches its request', async (t) => {
  const { peer, session } = await rawPeer(t);
  await new Promise((resolve) => (session.socket.connecting ? session.once('connect', resolve) : resolve(undefined)));
  const reads: Buffer[] = [];
  peer.on('data', (chunk: Buffer) => reads.push(chunk));
  const answers: string[] = [];
  for (let i = 0; i < 3; i++) {
    assert.equal(session.send(new SmppPdu('submit_sm', { destination_addr: '1', short_message: Buffer.from('x') }), (response) => void answers.push(`${response.sequence_number}:${response.message_id}`)), true);
  }
  const submitOctets = encodePdu(new SmppPdu('submit_sm', { destination_addr: '1', short_message: Buffer.from('x') })).length;
  await waitFor('three submits', () => Buffer.concat(reads).length >= 3 * submitOctets);
  assert.equal(reads.length, 1);
  const sent = Buffer.concat(reads);
  const sequences = [0, 1, 2].map((i) => sent.readUInt32BE(i * (sent.length / 3) + 12));
  assert.deepEqual(sequences, [1, 2, 3]);
  peer.write(Buffer.concat([3, 1, 2].map((sequence) => packageOctets('submit_sm_resp', { sequence_number: sequence, message_id: `m${sequence}` }))));
  await waitFor('three responses', () => answers.length === 3);
  assert.deepEqual(answers, ['3:m3', '1:m1', '2:m2']);
});

test('session: a command_length outside 16–16384 octets is an error, and nothing more is read', async (t) => {
  const { peer, session, received } = await rawPeer(t);
  const errors: Error[] = [];
  session.on('error', (error: Error) => errors.push(error));
  const hostile = Buffer.alloc(16);
  hostile.writeUInt32BE(20_000, 0);
  peer.write(Buffer.concat([hostile, receiptOctets(1)]));
  await waitFor('the framing error', () => errors.length === 1);
  assert.match(errors[0]!.message, /PDU length 20000/);
  await new Promise((resolve) => setTimeout(resolve, 20));
  assert.equal(received.length, 0);
});
