// HTTP send → SMPP submit to the standalone simulator → receipt → status and history, over real sockets (issue 4).
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { SmscSimulator } from '../../src/delivery/smpp/smsc-simulator.ts';
import type { SmscSimulatorOptions } from '../../src/delivery/smpp/smsc-simulator-options.ts';
import { SMPP_DEFAULTS } from '../../src/delivery/delivery-config.ts';
import type { SmppConnectorConfig } from '../../src/delivery/connector-config.ts';
import { DATABASES } from '../support/databases.ts';
import { startTestServer, type TestServer } from '../support/server.ts';
import { waitFor } from '../support/wait.ts';

const AUTH = { login: 'demo', psw: 'S3cret-pass' };

/** A simulator on a free port and a gateway whose only route is an SMPP connector to it. */
async function gatewayOverSmpp(
  t: TestContext,
  simulatorOptions: SmscSimulatorOptions = {},
  connector: Partial<SmppConnectorConfig> = {},
  database = DATABASES[0]!,
): Promise<{ server: TestServer; simulator: SmscSimulator }> {
  const simulator = new SmscSimulator({ receiptDelayMs: 20, ...simulatorOptions });
  const port = await simulator.listen(0, '127.0.0.1');
  t.after(() => simulator.close());
  const smpp: SmppConnectorConfig = {
    ...SMPP_DEFAULTS,
    type: 'smpp',
    name: 'smsc',
    host: '127.0.0.1',
    port,
    systemId: 'gateway',
    password: 'pw',
    throughputPerSecond: 1000,
    reconnectMinMs: 50,
    reconnectMaxMs: 200,
    submitTimeoutMs: 2000,
    idFormat: simulatorOptions.messageIdFormat ?? 'hex',
    ...connector,
  };
  // A one-second lease caps the retry backoff (docs/connectors.md), so a flapping link recovers within the test.
  const server = await startTestServer(t, database, { connectors: [smpp], routes: [{ connectors: ['smsc'] }], leaseMs: 1000 });
  await server.account('demo', { balance: '1000' });
  await waitFor('the SMPP connector to bind', async () => (server.connectors.every((c) => c.isUp()) ? true : undefined));
  return { server, simulator };
}

/** Waits until every message of the store is final; returns them in int_id order. */
async function allFinal(server: TestServer, timeoutMs = 10_000) {
  return waitFor(
    'every message to reach a final status',
    async () => {
      const rows = await server.store.db.selectFrom('messages').select(['int_id', 'phone', 'body', 'status', 'err']).orderBy('int_id').execute();
      return rows.length > 0 && rows.every((r) => r.status !== -1 && r.status !== 0) ? rows : undefined;
    },
    { timeoutMs },
  );
}

const LONG_GSM = `GSM-7 with extensions {[~]} € and ^|\\ repeated: ${'The quick brown fox jumps over the lazy dog. '.repeat(8)}`.trim();
const LONG_UCS2 = `Кириллица и эмодзи 😀👍: ${'Съешь же ещё этих мягких французских булок, да выпей чаю. '.repeat(3)}`.trim();

for (const database of DATABASES) {
  test(`${database.name}: short, long GSM-7 and long UCS-2 arrive reassembled byte-exact; status 1 in status.php and history`, async (t) => {
    const { server, simulator } = await gatewayOverSmpp(t, {}, {}, database);
    for (const [i, mes] of ['Hello', LONG_GSM, LONG_UCS2].entries()) {
      assert.match((await server.call('/sys/send.php', { ...AUTH, phones: `7999123456${i}`, mes }, { charset: 'utf-8' })).text, /^OK - \d SMS, ID - \d+$/);
    }
    const rows = await allFinal(server);
    assert.deepEqual(rows.map((r) => [r.status, r.err]), [[1, 0], [1, 0], [1, 0]]);
    const received = new Map(simulator.log.map((m) => [m.destination, m]));
    assert.equal(received.get('79991234560')?.text, 'Hello');
    assert.equal(received.get('79991234561')?.text, LONG_GSM, 'long GSM-7 reassembled exactly');
    assert.equal(received.get('79991234561')?.parts, 3);
    assert.equal(received.get('79991234562')?.text, LONG_UCS2, 'long UCS-2 reassembled exactly');
    assert.equal(received.get('79991234562')?.dataCoding, 8);
    const parts = await server.store.db.selectFrom('message_parts').select(['int_id', 'status']).execute();
    assert.equal(parts.length, 1 + 3 + received.get('79991234562')!.parts, 'one stored part per carrier id');
    assert.ok(parts.every((p) => p.status === 1), 'every part delivered');

    assert.match((await server.call('/sys/status.php', { ...AUTH, phone: '79991234561', id: 2, fmt: 1 })).text, /^1,\d+,0$/);
    const history = JSON.parse((await server.call('/sys/get.php', { ...AUTH, get_messages: 1, fmt: 3 }, { charset: 'utf-8' })).text) as Array<{ status: number; message: string; sms_cnt: number }>;
    assert.deepEqual(history.map((h) => [h.status, h.sms_cnt]), [[1, received.get('79991234562')!.parts], [1, 3], [1, 1]]);
    assert.equal(history[0]!.message, LONG_UCS2);
  });
}

test('failure outcomes: refused at submit and failed receipts end in their statuses and are refunded', async (t) => {
  const { server } = await gatewayOverSmpp(t);
  await server.call('/sys/send.php', { ...AUTH, phones: '79990000020,79990000022,79990000023,79990000025,79991234567', mes: 'x' });
  const rows = await allFinal(server);
  assert.deepEqual(rows.map((r) => [r.phone, r.status, r.err]), [
    ['79990000020', 20, 1],
    ['79990000022', 22, 249],
    ['79990000023', 23, 253],
    ['79990000025', 25, 248],
    ['79991234567', 1, 0],
  ]);
  assert.equal((await server.call('/sys/balance.php', AUTH)).text, '998.50', 'four failures refunded, one delivery charged');
});

const HOSTILE_CARRIERS: Array<[string, SmscSimulatorOptions, Partial<SmppConnectorConfig>]> = [
  ['throttling (ESME_RTHROTTLED on a third of submits)', { throttle: { fraction: 0.3 } }, {}],
  ['a disconnect in mid-window every 7 submits', { disconnectEvery: 7, submitLatencyMs: 5 }, { window: 5 }],
  ['receipts before the submit_sm_resp', { receiptBeforeResponse: true }, {}],
  ['decimal ids, zero-padded in receipts', { messageIdFormat: 'decimal', receiptIdDigits: 20 }, { idFormat: 'decimal' }],
  ['hex ids in receipts sent as text only', { messageIdFormat: 'hex', receiptTextOnly: true, receiptIdDigits: 16 }, { idFormat: 'hex' }],
];

for (const [name, simulatorOptions, connector] of HOSTILE_CARRIERS) {
  test(`every message is delivered exactly as sent despite ${name}`, async (t) => {
    const { server, simulator } = await gatewayOverSmpp(t, simulatorOptions, connector);
    const phones = Array.from({ length: 30 }, (_, i) => `7999200${String(i).padStart(4, '0')}`);
    for (let i = 0; i < phones.length; i += 10) {
      await server.call('/sys/send.php', { ...AUTH, phones: phones.slice(i, i + 10).join(','), mes: `batch ${i}: ${LONG_GSM.slice(0, 200)}` });
    }
    const rows = await allFinal(server, 20_000);
    assert.equal(rows.length, 30);
    assert.deepEqual(rows.filter((r) => r.status !== 1).map((r) => [r.phone, r.status, r.err]), [], 'all delivered');
    for (const row of rows) {
      assert.ok(simulator.log.some((m) => m.destination === row.phone && m.text === row.body), `${row.phone} reached the carrier intact`);
    }
    // A submit the carrier took but never answered is sent again (with a new concatenation reference); the first
    // copy's receipts then match nothing and are kept as orphans. So orphans only come from copies sent twice.
    const copies = simulator.log.length - new Set(simulator.log.map((m) => `${m.destination}\n${m.text}`)).size;
    const orphans = await server.store.db.selectFrom('orphan_receipts').select('carrier_id').execute();
    assert.ok(orphans.length <= copies * 2, `${orphans.length} orphan receipts, ${copies} messages received twice (2 parts each)`);
    if (!simulatorOptions.disconnectEvery) assert.equal(copies, 0, 'nothing is sent twice without disconnects');
    t.diagnostic(`${simulator.log.length} messages received, ${copies} twice, ${orphans.length} orphan receipts kept`);
  });
}
