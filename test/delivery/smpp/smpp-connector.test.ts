// The SMPP connector against the SMSC simulator over real sockets: binds, long messages, receipts, faults, pacing.
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import type { OutboundMessage, Receipt, SubmitOutcome } from '../../../src/delivery/connector.ts';
import type { SmppConnectorConfig } from '../../../src/delivery/connector-config.ts';
import { SmppConnector, type SmppConnectorOptions } from '../../../src/delivery/smpp/smpp-connector.ts';
import { SmscSimulator } from '../../../src/delivery/smpp/smsc-simulator.ts';
import type { SmscSimulatorOptions } from '../../../src/delivery/smpp/smsc-simulator-options.ts';
import { countSegments } from '../../../src/text/segments.ts';
import { notYet, waitFor } from '../../support/wait.ts';

const WAIT_MS = 3000;

async function simulator(t: TestContext, options: SmscSimulatorOptions = {}): Promise<{ sim: SmscSimulator; port: number }> {
  const sim = new SmscSimulator({ receiptDelayMs: 5, ...options });
  const port = await sim.listen(0);
  t.after(() => sim.close());
  return { sim, port };
}

function config(port: number, overrides: Partial<SmppConnectorConfig> = {}): SmppConnectorConfig {
  return {
    type: 'smpp', name: 'carrier', host: '127.0.0.1', port, systemId: 'gateway', password: 'secret', systemType: '',
    bind: 'transceiver', window: 10, throughputPerSecond: 10_000, enquireLinkSeconds: 30, reconnectMinMs: 20,
    reconnectMaxMs: 100, submitTimeoutMs: 1000, sourceTonAlpha: 5, sourceNpiAlpha: 0, sourceTon: 1, sourceNpi: 1,
    destTon: 1, destNpi: 1, longMessages: 'udh', registeredDelivery: 1, idFormat: 'hex',
    ...overrides,
  };
}

/** A connector that is bound (or, with `bound: false`, merely started); closed when the test ends. */
async function connector(t: TestContext, settings: SmppConnectorConfig, options: SmppConnectorOptions & { bound?: boolean } = {}): Promise<SmppConnector> {
  const connector = new SmppConnector(settings, options);
  t.after(() => connector.close());
  if (options.bound !== false) await waitFor('the connector to bind', () => connector.isUp(), { timeoutMs: WAIT_MS });
  return connector;
}

/** Receipts the connector hands over, collected. */
function collectReceipts(connector: SmppConnector): Receipt[] {
  const receipts: Receipt[] = [];
  connector.onReceipt(async (receipt) => void receipts.push(receipt));
  return receipts;
}

function message(address: string, text: string, overrides: Partial<OutboundMessage> = {}): OutboundMessage {
  return { intId: 1, address, kind: 'sms', sender: 'OpenSMSC', subject: '', text, expiresAt: Date.now() + 3_600_000, ...overrides };
}


function accepted(outcome: SubmitOutcome): string[] {
  assert.ok('accepted' in outcome, `accepted, not ${JSON.stringify(outcome)}`);
  return outcome.accepted;
}

const SHORT_GSM = 'Hello {world} €5';
const LONG_GSM = 'GSM-7 {long} message with € and [brackets]. '.repeat(9);
const LONG_UCS2 = 'Длинное сообщение 😀 на русском языке. '.repeat(5);

test('binds as a transceiver, or as a transmitter plus a receiver that gets the receipts', async (t) => {
  const { sim, port } = await simulator(t, { credentials: { gateway: 'secret', split: 'secret' } });
  await connector(t, config(port));
  assert.equal(sim.stats.binds, 1);
  // Another system_id: the simulator shares a system_id's receipts among all its receivers.
  const split = await connector(t, config(port, { bind: 'transmitter+receiver', systemId: 'split' }));
  await waitFor('the receiver to bind', () => sim.stats.binds === 3, { timeoutMs: WAIT_MS });
  const receipts = collectReceipts(split);
  const ids = accepted(await split.submit(message('79161234567', SHORT_GSM)));
  await waitFor('a receipt over the receiver', () => receipts.length === 1, { timeoutMs: WAIT_MS });
  assert.deepEqual(receipts, [{ carrierId: ids[0], status: 1, err: 0 }]);
});

for (const longMessages of ['udh', 'sar', 'payload'] as const) {
  test(`${longMessages}: short GSM-7, long GSM-7 and long UCS-2 reach the SMSC byte-exact, one id per part`, async (t) => {
    const { sim, port } = await simulator(t);
    const smpp = await connector(t, config(port, { longMessages }));
    const expected = [
      { text: SHORT_GSM, dataCoding: 0, parts: 1 },
      { text: LONG_GSM, dataCoding: 0, parts: longMessages === 'payload' ? 1 : 3 },
      { text: LONG_UCS2, dataCoding: 8, parts: longMessages === 'payload' ? 1 : countSegments(LONG_UCS2).parts },
    ];
    const ids: string[][] = [];
    for (const { text } of expected) ids.push(accepted(await smpp.submit(message('79161234567', text))));
    assert.deepEqual(
      sim.log.map(({ text, dataCoding, parts, source, destination }) => ({ text, dataCoding, parts, source, destination })),
      expected.map((e) => ({ ...e, source: 'OpenSMSC', destination: '79161234567' })),
    );
    assert.deepEqual(ids, sim.log.map((m) => m.messageIds.map((id) => id.toLowerCase())), 'ids normalised to lowercase hex, in part order');
  });
}

test('receipts: hex and decimal ids with leading zeros, from the TLVs or the text body, normalised like the submit ids', async (t) => {
  const cases: Array<{ sim: SmscSimulatorOptions; idFormat: 'hex' | 'decimal'; expected: string }> = [
    { sim: { messageIdFormat: 'hex', firstMessageId: 0xabc, receiptIdDigits: 10 }, idFormat: 'hex', expected: 'abc' },
    { sim: { messageIdFormat: 'decimal', firstMessageId: 255, receiptIdDigits: 12 }, idFormat: 'decimal', expected: '255' },
    { sim: { messageIdFormat: 'hex', firstMessageId: 0xabc, receiptIdDigits: 10, receiptTextOnly: true }, idFormat: 'hex', expected: 'abc' },
  ];
  for (const { sim: options, idFormat, expected } of cases) {
    const { port } = await simulator(t, options);
    const smpp = await connector(t, config(port, { idFormat }));
    const receipts = collectReceipts(smpp);
    assert.deepEqual(accepted(await smpp.submit(message('79161234567', 'hi'))), [expected]);
    await waitFor(`a receipt from ${JSON.stringify(options)}`, () => receipts.length === 1, { timeoutMs: WAIT_MS });
    assert.deepEqual(receipts, [{ carrierId: expected, status: 1, err: 0 }], JSON.stringify(options));
  }
});

test('receipts: failures map to SMSC status and err (docs/simulator.md test numbers, docs/status-mapping.md)', async (t) => {
  const { port } = await simulator(t);
  const smpp = await connector(t, config(port));
  const receipts = collectReceipts(smpp);
  const sent = new Map<string, string>();
  for (const address of ['79990000020', '79990000023', '79990000003']) sent.set(accepted(await smpp.submit(message(address, 'x')))[0] ?? '', address);
  await waitFor('3 receipts', () => receipts.length === 3 || notYet(`${receipts.length} arrived`), { timeoutMs: WAIT_MS });
  const byAddress = Object.fromEntries(receipts.map((r) => [sent.get(r.carrierId), [r.status, r.err]]));
  assert.deepEqual(byAddress, { '79990000020': [20, 1], '79990000023': [23, 253], '79990000003': [3, 245] });
});

test('a receipt sent before its submit_sm_resp still reaches the handler', async (t) => {
  const { port } = await simulator(t, { receiptBeforeResponse: true });
  const smpp = await connector(t, config(port));
  const events: string[] = [];
  smpp.onReceipt(async (receipt) => void events.push(`receipt ${receipt.carrierId}`));
  const ids = accepted(await smpp.submit(message('79161234567', LONG_GSM)));
  events.push('accepted');
  await waitFor('3 receipts and the acceptance', () => events.length === 4, { timeoutMs: WAIT_MS });
  assert.deepEqual(events, [...ids.map((id) => `receipt ${id}`), 'accepted']);
});

test('refused at submit: ESME_RINVDSTADR is final 22/249, ESME_RSUBMITFAIL is final 25/248', async (t) => {
  const { port } = await simulator(t);
  const smpp = await connector(t, config(port));
  assert.deepEqual(await smpp.submit(message('79990000022', 'x')), { final: { status: 22, err: 249 } });
  assert.deepEqual(await smpp.submit(message('79990000025', 'x')), { final: { status: 25, err: 248 } });
});

test('throttled (ESME_RTHROTTLED) and queue full (ESME_RMSGQFUL) are retried', async (t) => {
  const throttling = await simulator(t, { throttle: { fraction: 1 } });
  const throttled = await connector(t, config(throttling.port));
  const outcome = await throttled.submit(message('79161234567', 'x'));
  assert.ok('retry' in outcome && /ESME_RTHROTTLED 0x58/.test(outcome.retry), JSON.stringify(outcome));

  const narrow = await simulator(t, { window: 1, submitLatencyMs: 100 });
  const full = await connector(t, config(narrow.port));
  const outcomes = await Promise.all([full.submit(message('79161234567', 'a')), full.submit(message('79161234567', 'b'))]);
  assert.ok('accepted' in outcomes[0]!, JSON.stringify(outcomes[0]));
  assert.ok('retry' in outcomes[1]! && /ESME_RMSGQFUL 0x14/.test(outcomes[1].retry), JSON.stringify(outcomes[1]));
});

test('the SMSC dropping the link mid-window: those submits retry, the connector rebinds and later submits succeed', async (t) => {
  const { sim, port } = await simulator(t, { disconnectEvery: 3, submitLatencyMs: 50 });
  const smpp = await connector(t, config(port));
  const outcomes = await Promise.all(['a', 'b', 'c', 'd'].map((text) => smpp.submit(message('79161234567', text))));
  for (const outcome of outcomes) assert.ok('retry' in outcome, JSON.stringify(outcome));
  await waitFor('the connector to bind again', () => smpp.isUp() && sim.stats.binds === 2, { timeoutMs: WAIT_MS });
  assert.equal(accepted(await smpp.submit(message('79161234567', 'e'))).length, 1);
  assert.equal(accepted(await smpp.submit(message('79161234567', 'f'))).length, 1);
});

test('wrong credentials: the connector stays down, retries the bind with backoff, and submits retry', async (t) => {
  const { sim, port } = await simulator(t, { credentials: { gateway: 'secret' } });
  const smpp = await connector(t, config(port, { password: 'guess', reconnectMinMs: 20, reconnectMaxMs: 60 }), { bound: false });
  await waitFor('3 bind attempts', () => sim.stats.bindFailures >= 3 || notYet(`${sim.stats.bindFailures} made`), { timeoutMs: WAIT_MS });
  assert.equal(smpp.isUp(), false);
  assert.deepEqual(await smpp.submit(message('79161234567', 'x')), { retry: 'not bound' });
});

test('an unanswered enquire_link counts as a lost link: the connector binds again', async (t) => {
  const { sim, port } = await simulator(t, { ignoreEnquireLink: true });
  await connector(t, config(port, { enquireLinkSeconds: 0.03, submitTimeoutMs: 60 }));
  await waitFor('a second bind', () => sim.stats.binds >= 2 || notYet(`${sim.stats.binds} binds`), { timeoutMs: WAIT_MS });
});

test('the throughput cap holds: 20 parts at 50 a second take at least 380 ms', async (t) => {
  const { sim, port } = await simulator(t);
  const smpp = await connector(t, config(port, { throughputPerSecond: 50 }));
  const started = performance.now();
  const outcomes = await Promise.all(Array.from({ length: 20 }, (_, i) => smpp.submit(message('79161234567', `m${i}`))));
  const elapsed = performance.now() - started;
  for (const outcome of outcomes) accepted(outcome);
  assert.equal(sim.stats.submits, 20);
  // 19 intervals of 20 ms after the first; a millisecond of timer rounding is allowed, never an upper bound.
  assert.ok(elapsed >= 375, `took ${elapsed} ms`);
});

test('deliver_sm_resp goes only after the handler settles: ESME_ROK on success, ESME_RX_T_APPN on failure', async (t) => {
  const { sim, port } = await simulator(t);
  const smpp = await connector(t, config(port));
  let release = () => {};
  smpp.onReceipt(() => new Promise<void>((resolve) => (release = resolve)));
  await smpp.submit(message('79161234567', 'held'));
  await waitFor('the receipt to be sent', () => sim.stats.receipts.sent === 1, { timeoutMs: WAIT_MS });
  await new Promise((resolve) => setTimeout(resolve, 50));
  assert.equal(sim.stats.receipts.acked, 0, 'not answered while the handler is pending');
  release();
  await waitFor('the receipt to be acknowledged', () => sim.stats.receipts.acked === 1, { timeoutMs: WAIT_MS });

  smpp.onReceipt(() => Promise.reject(new Error('the store is down')));
  await smpp.submit(message('79161234567', 'refused'));
  await waitFor('the receipt to be refused', () => sim.stats.receipts.refused === 1, { timeoutMs: WAIT_MS });
  // The SMSC sends a refused receipt again (sim-receipts.ts, REFUSED_RECEIPT_RETRY_MS); now the store takes it.
  smpp.onReceipt(async () => {});
  await waitFor('the refused receipt to come again and be acknowledged', () => sim.stats.receipts.acked === 2, { timeoutMs: WAIT_MS });
});

test('hostile peer: at maxReceiptsInHand the connector stops reading, so receipts wait at the SMSC, not in memory', async (t) => {
  const { sim, port } = await simulator(t);
  const smpp = await connector(t, config(port), { maxReceiptsInHand: 2 });
  const settle: Array<() => void> = [];
  smpp.onReceipt(() => new Promise<void>((resolve) => settle.push(resolve)));
  for (const text of ['one', 'two', 'three']) accepted(await smpp.submit(message('79161234567', text)));
  await waitFor('two receipts in hand', () => settle.length === 2 || notYet(`${settle.length} in hand`), { timeoutMs: WAIT_MS });
  await new Promise((resolve) => setTimeout(resolve, 100));
  assert.equal(settle.length, 2, 'the third receipt is left unread while two are in hand');
  assert.equal(sim.stats.receipts.refused, 0, 'held back by TCP, not refused');
  // Settling half of the cap resumes reading: the third arrives.
  settle[0]!();
  await waitFor('the third receipt to be read', () => settle.length === 3, { timeoutMs: WAIT_MS });
  settle[1]!();
  settle[2]!();
  await waitFor('all three acknowledged', () => sim.stats.receipts.acked === 3, { timeoutMs: WAIT_MS });
});

test('a receipt that finds no handler is deferred with ESME_RX_T_APPN, and comes again', async (t) => {
  const { sim, port } = await simulator(t);
  const smpp = await connector(t, config(port));
  accepted(await smpp.submit(message('79161234567', 'early')));
  await waitFor('the receipt to be deferred', () => sim.stats.receipts.refused === 1, { timeoutMs: WAIT_MS });
  const receipts = collectReceipts(smpp);
  await waitFor('the receipt to come again and be taken', () => receipts.length === 1 && sim.stats.receipts.acked === 1, { timeoutMs: WAIT_MS });
});

test('close(): waiting submits end in retry, the connector is down, and nothing keeps running', async (t) => {
  const { port } = await simulator(t);
  const smpp = await connector(t, config(port, { throughputPerSecond: 2 }));
  const waiting = Promise.all([smpp.submit(message('79161234567', 'a')), smpp.submit(message('79161234567', 'b'))]);
  await new Promise((resolve) => setTimeout(resolve, 50));
  await smpp.close();
  const [first, second] = await waiting;
  assert.ok('accepted' in first!, JSON.stringify(first));
  assert.deepEqual(second, { retry: 'the connector was closed' });
  assert.equal(smpp.isUp(), false);
  assert.deepEqual(await smpp.submit(message('79161234567', 'c')), { retry: 'not bound' });
});

test('an expired message is final 3/245 without a submit', async (t) => {
  const { sim, port } = await simulator(t);
  const smpp = await connector(t, config(port));
  assert.deepEqual(await smpp.submit(message('79161234567', 'late', { expiresAt: Date.now() - 1 })), { final: { status: 3, err: 245 } });
  assert.equal(sim.stats.submits, 0);
});
