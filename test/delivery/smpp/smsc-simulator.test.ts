// The SMPP simulator over real sockets, driven by the `smpp` package's client: binds, long messages, receipts, faults.
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { connect as connectTcp } from 'node:net';
import { SmscSimulator } from '../../../src/delivery/smpp/smsc-simulator.ts';
import type { SmscSimulatorOptions } from '../../../src/delivery/smpp/smsc-simulator-options.ts';
import { connectSmpp, newPdu, type Pdu, type PduFields, type SmppCommand, type SmppSession } from '../../../src/delivery/smpp/smpp-lib.ts';
import { splitMessage } from '../../../src/delivery/smpp/split.ts';
import { countSegments } from '../../../src/text/segments.ts';

const WAIT_MS = 2000;

async function startSimulator(t: TestContext, options: SmscSimulatorOptions = {}): Promise<{ simulator: SmscSimulator; port: number }> {
  const simulator = new SmscSimulator({ receiptDelayMs: 5, ...options });
  const port = await simulator.listen(0);
  t.after(() => simulator.close());
  return { simulator, port };
}

/** A client session with a promise per request and every deliver_sm collected (and answered OK). */
interface Client {
  session: SmppSession;
  request(command: SmppCommand, fields?: PduFields): Promise<Pdu>;
  receipts(count: number): Promise<Pdu[]>;
  closed: Promise<void>;
}

async function connectClient(t: TestContext, port: number): Promise<Client> {
  const session = connectSmpp('127.0.0.1', port);
  t.after(() => session.destroy());
  session.on('error', () => {});
  const delivered: Pdu[] = [];
  let onDeliver = () => {};
  session.on('pdu', (pdu) => {
    if (pdu.command !== 'deliver_sm') return;
    delivered.push(pdu);
    session.send(pdu.response());
    onDeliver();
  });
  const closed = new Promise<void>((resolve) => session.once('close', resolve));
  await withTimeout(new Promise<void>((resolve) => session.once('connect', resolve)), 'the connection');
  return {
    session,
    closed,
    request: (command, fields) => withTimeout(new Promise<Pdu>((resolve) => session.send(newPdu(command, fields), resolve)), `a ${command} response`),
    receipts: (count) =>
      withTimeout(
        new Promise<Pdu[]>((resolve) => {
          onDeliver = () => delivered.length >= count && resolve(delivered.slice(0, count));
          onDeliver();
        }),
        `${count} receipts`,
        () => `${delivered.length} arrived`,
      ),
  };
}

function withTimeout<T>(promise: Promise<T>, what: string, progress = () => 'none arrived'): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`waited ${WAIT_MS} ms for ${what}, ${progress()}`)), WAIT_MS);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

async function bound(t: TestContext, port: number, command: SmppCommand = 'bind_transceiver', credentials = { system_id: 'test', password: 'pw' }): Promise<Client> {
  const client = await connectClient(t, port);
  const response = await client.request(command, credentials);
  assert.equal(response.command_status, 0, `${command} accepted`);
  return client;
}

/** Submits `text` as UDH parts; resolves with each part's submit_sm_resp. */
async function submitText(client: Client, destination: string, text: string, reference: number, registeredDelivery = 1): Promise<Pdu[]> {
  const split = splitMessage(text, 'udh', reference);
  assert.ok(!split.err);
  return Promise.all(
    split.parts.map((part) =>
      client.request('submit_sm', {
        source_addr: 'OpenSMSC',
        destination_addr: destination,
        esm_class: part.esmClass,
        data_coding: part.dataCoding,
        short_message: part.shortMessage,
        registered_delivery: registeredDelivery,
      }),
    ),
  );
}

// SMPP 3.4 Appendix B, with the simulator's ids and UTC dates.
const RECEIPT_BODY = /^id:([0-9A-F]+) sub:001 dlvrd:00([01]) submit date:\d{10} done date:\d{10} stat:([A-Z]{7}) err:(\d{3}) text:(.{0,20})$/;

test('long GSM-7 and UCS-2 messages sent as UDH parts arrive byte-exact, with an id and a receipt per part', async (t) => {
  const { simulator, port } = await startSimulator(t);
  const client = await bound(t, port);
  const gsm = 'GSM-7 {long} message with € and [brackets]. '.repeat(9);
  const ucs = 'Длинное сообщение 😀 на русском языке. '.repeat(5);
  const gsmResponses = await submitText(client, '79161234567', gsm, 1);
  const ucsResponses = await submitText(client, '79161234568', ucs, 2);
  assert.equal(gsmResponses.length, 3);
  assert.equal(ucsResponses.length, countSegments(ucs).parts);
  assert.ok(ucsResponses.length > 1);
  const ids = [...gsmResponses, ...ucsResponses].map((r) => {
    assert.equal(r.command_status, 0);
    return r.message_id ?? '';
  });
  assert.equal(new Set(ids).size, ids.length, 'each part has its own id');
  for (const id of ids) assert.match(id, /^[0-9A-F]+$/);

  assert.deepEqual(
    simulator.log.map(({ destination, dataCoding, text, parts, messageIds, duplicate }) => ({ destination, dataCoding, text, parts, messageIds, duplicate })),
    [
      { destination: '79161234567', dataCoding: 0, text: gsm, parts: 3, messageIds: ids.slice(0, 3), duplicate: false },
      { destination: '79161234568', dataCoding: 8, text: ucs, parts: ucsResponses.length, messageIds: ids.slice(3), duplicate: false },
    ],
  );

  const receipts = await client.receipts(ids.length);
  assert.deepEqual(receipts.map((r) => r.receipted_message_id).sort(), [...ids].sort(), 'receipted_message_id names each part');
  for (const receipt of receipts) {
    assert.equal(receipt.esm_class, 0x04, 'SMPP 3.4 §5.2.12: SMSC delivery receipt');
    assert.equal(receipt.message_state, 2, 'SMPP 3.4 §5.2.28: DELIVERED');
    assert.equal(receipt.source_addr, ids.indexOf(receipt.receipted_message_id ?? '') < 3 ? '79161234567' : '79161234568', 'from the recipient');
    assert.equal(receipt.destination_addr, 'OpenSMSC');
    const body = RECEIPT_BODY.exec(receipt.short_message?.toString('latin1') ?? '');
    assert.ok(body, receipt.short_message?.toString('latin1'));
    assert.deepEqual(body.slice(1, 5), [receipt.receipted_message_id, '1', 'DELIVRD', '000']);
  }
  assert.equal(RECEIPT_BODY.exec(receipts.find((r) => r.receipted_message_id === ids[0])?.short_message?.toString('latin1') ?? '')?.[5], gsm.slice(0, 20));
});

test('test numbers: 79990000020 ends in an UNDELIV receipt with err 001, 79990000022 is refused at submit', async (t) => {
  const { simulator, port } = await startSimulator(t);
  const client = await bound(t, port);
  const [refused] = await submitText(client, '79990000022', 'hello', 3);
  assert.equal(refused?.command_status, 0x0b, 'ESME_RINVDSTADR');
  const [accepted] = await submitText(client, '79990000020', 'hello', 4);
  const [receipt] = await client.receipts(1);
  assert.equal(receipt?.receipted_message_id, accepted?.message_id);
  assert.equal(receipt?.message_state, 5, 'SMPP 3.4 §5.2.28: UNDELIVERABLE');
  assert.deepEqual(RECEIPT_BODY.exec(receipt?.short_message?.toString('latin1') ?? '')?.slice(2, 5), ['0', 'UNDELIV', '001']);
  assert.equal(simulator.stats.rejected, 1);
});

test('bind auth: wrong credentials get ESME_RBINDFAIL 0x0D and the connection closed; right ones bind', async (t) => {
  const { simulator, port } = await startSimulator(t, { credentials: { gateway: 'secret' } });
  const intruder = await connectClient(t, port);
  const refused = await intruder.request('bind_transceiver', { system_id: 'gateway', password: 'guess' });
  assert.equal(refused.command_status, 0x0d);
  await withTimeout(intruder.closed, 'the refused connection to close');
  const unknown = await connectClient(t, port);
  assert.equal((await unknown.request('bind_transmitter', { system_id: 'toString', password: '' })).command_status, 0x0d);
  await bound(t, port, 'bind_transceiver', { system_id: 'gateway', password: 'secret' });
  assert.equal(simulator.stats.bindFailures, 2);
  assert.equal(simulator.stats.binds, 1);
});

test('throttling: ESME_RTHROTTLED 0x58 beyond perSecond submits in one second', async (t) => {
  const { simulator, port } = await startSimulator(t, { throttle: { perSecond: 2 }, now: () => 5_000 });
  const client = await bound(t, port);
  const statuses = [];
  for (let i = 0; i < 4; i += 1) statuses.push((await submitText(client, '79161234567', `m${i}`, i, 0))[0]?.command_status);
  assert.deepEqual(statuses, [0, 0, 0x58, 0x58]);
  assert.equal(simulator.stats.throttled, 2);
  assert.equal(simulator.log.length, 2, 'throttled submits are not taken');
});

test('throttling: a fraction of submits, drawn from the seed', async (t) => {
  const { port } = await startSimulator(t, { throttle: { fraction: 1 } });
  const client = await bound(t, port);
  assert.equal((await submitText(client, '79161234567', 'x', 1))[0]?.command_status, 0x58);
});

test('window: submits beyond the unanswered window get ESME_RMSGQFUL 0x14', async (t) => {
  const { simulator, port } = await startSimulator(t, { window: 2, submitLatencyMs: 200 });
  const client = await bound(t, port);
  const responses = await Promise.all([1, 2, 3].map((i) => submitText(client, '79161234567', `w${i}`, i, 0)));
  assert.deepEqual(responses.map(([r]) => r?.command_status), [0, 0, 0x14]);
  assert.equal(simulator.stats.queueFull, 1);
});

test('receipts wait for a receiver of the same system_id; decimal ids in resp, hex in the receipt text', async (t) => {
  const { port } = await startSimulator(t, { messageIdFormat: 'decimal', receiptTextIdFormat: 'hex', firstMessageId: 255 });
  const transmitter = await bound(t, port, 'bind_transmitter');
  const [response] = await submitText(transmitter, '79161234567', 'to a receiver', 5);
  assert.equal(response?.message_id, '255');
  await new Promise((resolve) => setTimeout(resolve, 30));
  const receiver = await bound(t, port, 'bind_receiver');
  const [receipt] = await receiver.receipts(1);
  assert.equal(receipt?.receipted_message_id, '255');
  assert.equal(RECEIPT_BODY.exec(receipt?.short_message?.toString('latin1') ?? '')?.[1], 'FF');
});

test('disconnectEvery: the connection drops after the Nth submit, which was taken but never answered', async (t) => {
  const { simulator, port } = await startSimulator(t, { disconnectEvery: 2 });
  const client = await bound(t, port);
  await submitText(client, '79161234567', 'first', 1, 0);
  client.session.send(newPdu('submit_sm', { destination_addr: '79161234567', short_message: Buffer.from('second') }));
  await withTimeout(client.closed, 'the dropped connection');
  assert.deepEqual(simulator.log.map((m) => m.text), ['first', 'second']);
  assert.equal(simulator.stats.disconnects, 1);
});

test('the same message submitted twice is counted as a duplicate', async (t) => {
  const { simulator, port } = await startSimulator(t);
  const client = await bound(t, port);
  await submitText(client, '79161234567', 'again '.repeat(30), 9, 0);
  await submitText(client, '79161234567', 'again '.repeat(30), 9, 0);
  assert.deepEqual(simulator.log.map((m) => m.duplicate), [false, true]);
  assert.equal(simulator.stats.duplicates, 1);
});

test('SMPP 3.4 §4: enquire_link is answered, submit before bind is ESME_RINVBNDSTS, unknown commands get generic_nack', async (t) => {
  const { port } = await startSimulator(t);
  const client = await connectClient(t, port);
  assert.equal((await client.request('enquire_link')).command, 'enquire_link_resp');
  assert.equal((await client.request('submit_sm', { destination_addr: '1', short_message: Buffer.from('x') })).command_status, 0x04);
  const raw = connectTcp(port, '127.0.0.1');
  t.after(() => raw.destroy());
  // A 16-octet header with command_id 0x00000099, which SMPP 3.4 does not define.
  raw.write(Buffer.from('00000010000000990000000000000007', 'hex'));
  const nack = await withTimeout(new Promise<Buffer>((resolve) => raw.once('data', resolve)), 'a generic_nack');
  assert.equal(nack.toString('hex'), '10'.padStart(8, '0') + '80000000' + '00000003' + '00000007', 'generic_nack, ESME_RINVCMDID');
  await client.request('unbind');
  await withTimeout(client.closed, 'the connection to close after unbind');
});

test('hostile peer: a command_length over MAX_PDU_OCTETS drops the connection', async (t) => {
  const { port } = await startSimulator(t);
  const raw = connectTcp(port, '127.0.0.1');
  t.after(() => raw.destroy());
  raw.on('error', () => {});
  raw.write(Buffer.from('7fffffff000000040000000000000001', 'hex'));
  await withTimeout(new Promise((resolve) => raw.once('close', resolve)), 'the connection to close');
});

test('hostile peer: a connection that never binds is dropped after bindTimeoutMs', async (t) => {
  const { port } = await startSimulator(t, { bindTimeoutMs: 50 });
  const raw = connectTcp(port, '127.0.0.1');
  t.after(() => raw.destroy());
  await withTimeout(new Promise((resolve) => raw.once('close', resolve)), 'the silent connection to close');
});
