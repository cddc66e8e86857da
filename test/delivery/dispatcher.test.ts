// The dispatcher over both databases: the simulator end to end, routing and failover, retries until expiry, receipts per part.
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import type { Store } from '../../src/store/database.ts';
import { Dispatcher } from '../../src/delivery/dispatcher.ts';
import type { DispatcherOptions } from '../../src/delivery/dispatcher-options.ts';
import { SimulatorConnector } from '../../src/delivery/simulator.ts';
import { Router } from '../../src/delivery/router.ts';
import type { Connector, OutboundMessage, Receipt, SubmitOutcome } from '../../src/delivery/connector.ts';
import type { RouteRule } from '../../src/delivery/connector-config.ts';
import { DeliveryError, MessageStatus, isFinal, isRefunded } from '../../src/wire/statuses.ts';
import { DATABASES, freshStore } from '../support/databases.ts';
import { notYet, waitFor } from '../support/wait.ts';

const FAST = { submitDelayMs: 2, receiptDelayMs: 3 };
const PRICE = 150;
const TOPUP = 100_000;
const HOUR = 3_600_000;

/** docs/simulator.md, "Test addresses": the final status and err of each. */
const EXPECTED: Record<string, [status: number, err: number]> = {
  '79990000020': [20, 1],
  '79990000022': [22, 249],
  '79990000023': [23, 253],
  '79990000025': [25, 248],
  '79990000003': [3, 245],
  '79990000000': [3, 245],
  '79161234567': [1, 0],
  'someone@example.com': [1, 0],
  'someone@undeliverable.test': [20, 1],
};
const ADDRESSES = Object.keys(EXPECTED);

/** An account topped up with TOPUP, with its ledger entry. */
async function account(store: Store): Promise<number> {
  const now = Date.now();
  const { id } = await store.db
    .insertInto('accounts')
    .values({ login: 'dispatch', password_hash: 'x', balance_minor: TOPUP, currency: 'RUB', test_mode: 0, allowed_ips: '', tz_offset_hours: 0, next_msg_id: 1, created_at: now })
    .returning('id')
    .executeTakeFirstOrThrow();
  await store.db.insertInto('ledger').values({ account_id: id, kind: 'topup', amount_minor: TOPUP, int_id: null, created_at: now }).execute();
  return id;
}

/** Queues a message as submission does (row + hold + ledger entry); `validMs` counts from when it is due. */
async function queue(store: Store, accountId: number, address: string, options: { dueInMs?: number; validMs?: number; mccmnc?: string } = {}): Promise<number> {
  const now = Date.now();
  const dueAt = now + (options.dueInMs ?? 0);
  const { int_id } = await store.db
    .insertInto('messages')
    .values({
      account_id: accountId, msg_id: '1', phone: address, kind: address.includes('@') ? 8 : 0, sender: 'SMSC', subject: '', body: 'hello',
      sms_cnt: 1, cost_minor: PRICE, status: MessageStatus.Waiting, err: 0, test: 0, created_at: now, status_at: now, due_at: dueAt,
      expires_at: dueAt + (options.validMs ?? HOUR), mccmnc: options.mccmnc ?? '',
    })
    .returning('int_id')
    .executeTakeFirstOrThrow();
  await store.db.updateTable('accounts').set((eb) => ({ balance_minor: eb('balance_minor', '-', PRICE) })).where('id', '=', accountId).execute();
  await store.db.insertInto('ledger').values({ account_id: accountId, kind: 'hold', amount_minor: -PRICE, int_id, created_at: now }).execute();
  return int_id;
}

async function messages(store: Store) {
  return store.db.selectFrom('messages').selectAll().orderBy('int_id').execute();
}


async function allFinal(store: Store): Promise<void> {
  await waitFor('every message to be final', async () => {
    const rows = await messages(store);
    const final = rows.filter((m) => isFinal(m.status)).length;
    return final === rows.length || notYet(`${final} of ${rows.length} final`);
  });
}

/** Every message has its documented outcome; refunds exactly for failures; balance equals the ledger. */
async function assertOutcomes(store: Store, accountId: number): Promise<void> {
  const rows = await messages(store);
  for (const m of rows) {
    assert.deepEqual([m.status, m.err], EXPECTED[m.phone], `${m.phone} (int_id ${m.int_id})`);
    assert.ok(m.status_at > m.created_at, `${m.phone}: status_at after created_at`);
    assert.equal(m.lease_until, null);
  }
  const refunds = await store.db.selectFrom('ledger').select(['int_id', 'amount_minor']).where('kind', '=', 'refund').orderBy('int_id').execute();
  assert.deepEqual(refunds, rows.filter((m) => isRefunded(m.status)).map((m) => ({ int_id: m.int_id, amount_minor: PRICE })));
  const { balance_minor } = await store.db.selectFrom('accounts').select('balance_minor').where('id', '=', accountId).executeTakeFirstOrThrow();
  const ledger = await store.db.selectFrom('ledger').select('amount_minor').where('account_id', '=', accountId).execute();
  assert.equal(balance_minor, ledger.reduce((sum, e) => sum + e.amount_minor, 0), 'balance equals the sum of the ledger');
  assert.equal(balance_minor, TOPUP - PRICE * rows.filter((m) => m.status === MessageStatus.Delivered).length);
}

/** A peer we own in the test: a real Connector whose answers each test scripts. */
class ScriptedConnector implements Connector {
  readonly name: string;
  up = true;
  readonly submitted: Array<{ message: OutboundMessage; at: number }> = [];
  readonly resumed: Array<{ carrierId: string; address: string }> = [];
  readonly #answer: (message: OutboundMessage) => SubmitOutcome | Promise<SubmitOutcome>;
  #handler: ((receipt: Receipt) => Promise<void>) | undefined;

  constructor(name: string, answer: (message: OutboundMessage) => SubmitOutcome | Promise<SubmitOutcome> = (m) => ({ accepted: [`${name}-${m.intId}`] })) {
    this.name = name;
    this.#answer = answer;
  }

  isUp(): boolean {
    return this.up;
  }

  async submit(message: OutboundMessage): Promise<SubmitOutcome> {
    this.submitted.push({ message, at: Date.now() });
    return this.#answer(message);
  }

  onReceipt(handler: (receipt: Receipt) => Promise<void>): void {
    this.#handler = handler;
  }

  resume(inFlight: Array<{ carrierId: string; address: string }>): void {
    this.resumed.push(...inFlight);
  }

  async close(): Promise<void> {}

  /** Reports a receipt as the carrier would; resolves when the dispatcher has stored it. */
  receipt(carrierId: string, status: number, err: number): Promise<void> {
    if (!this.#handler) throw new Error(`${this.name}: no receipt handler yet`);
    return this.#handler({ carrierId, status, err });
  }
}

/** A started dispatcher over `connectors`, routed by `rules` (default: all of them in order), stopped after the test. */
function dispatch(t: TestContext, store: Store, connectors: Connector[], options: Partial<DispatcherOptions> & { rules?: RouteRule[] } = {}): Dispatcher {
  const { rules = [{ connectors: connectors.map((c) => c.name) }], ...rest } = options;
  const router = new Router(rules, new Map(connectors.map((c) => [c.name, c])));
  const dispatcher = new Dispatcher(store, router, connectors, { intervalMs: 5, batchSize: 100, leaseMs: 1000, ...rest });
  t.after(() => dispatcher.stop());
  dispatcher.start();
  return dispatcher;
}

async function message(store: Store, intId: number) {
  return store.db.selectFrom('messages').selectAll().where('int_id', '=', intId).executeTakeFirstOrThrow();
}

async function refunds(store: Store) {
  return store.db.selectFrom('ledger').select(['int_id', 'amount_minor']).where('kind', '=', 'refund').orderBy('int_id').execute();
}

const CONNECTOR_ZERO = { submitted: 0, accepted: 0, rejected: 0, retried: 0, receipts: 0 };

for (const database of DATABASES) {
  test(`${database.name}: every test address reaches its final status; failures are refunded`, async (t) => {
    const store = await freshStore(t, database);
    const simulator = new SimulatorConnector(FAST);
    t.after(() => simulator.close());
    const accountId = await account(store);
    const ids = new Map<string, number>();
    for (const address of ADDRESSES) ids.set(address, await queue(store, accountId, address));
    for (let i = 0; i < 10; i++) await queue(store, accountId, '79161234567');
    const dispatcher = dispatch(t, store, [simulator], { batchSize: 4 });
    // The silent number gets no receipt: once it is taken, its validity ends (set, not raced against a clock).
    const silentId = ids.get('79990000000')!;
    await waitFor('the silent number to be taken', async () => (await message(store, silentId)).status === MessageStatus.Transferred || notYet('waiting'));
    await store.db.updateTable('messages').set({ expires_at: Date.now() - 1 }).where('int_id', '=', silentId).execute();
    await allFinal(store);
    await dispatcher.stop();

    await assertOutcomes(store, accountId);
    const rows = await messages(store);
    const silent = rows.find((m) => m.phone === '79990000000');
    assert.equal(silent?.connector, 'simulator', 'the silent number was taken, then expired');
    assert.deepEqual(dispatcher.stats, {
      submitted: rows.length, receipts: rows.length - 3, duplicateReceipts: 0, heldReceipts: 0, unmatchedReceipts: 0, noRoute: 0, expired: 1,
      connectors: { simulator: { submitted: rows.length, accepted: rows.length - 2, rejected: 2, retried: 0, receipts: rows.length - 3 } },
    });
  });

  test(`${database.name}: after a restart, transferred and waiting messages all reach their final status`, async (t) => {
    const store = await freshStore(t, database);
    const accountId = await account(store);
    for (const address of ADDRESSES) await queue(store, accountId, address, { validMs: address === '79990000000' ? 600 : HOUR });
    for (const address of ADDRESSES) await queue(store, accountId, address, { dueInMs: 1000, validMs: address === '79990000000' ? 300 : HOUR });

    // The first run takes the due messages but never sees a receipt.
    const slowCarrier = new SimulatorConnector({ submitDelayMs: 1, receiptDelayMs: 60_000 });
    t.after(() => slowCarrier.close());
    const first = dispatch(t, store, [slowCarrier]);
    await waitFor('the due messages to leave the queue', async () => {
      const waiting = (await messages(store)).filter((m) => m.status === MessageStatus.Waiting).length;
      return waiting === ADDRESSES.length || notYet(`${waiting} waiting`);
    });
    await first.stop();
    await slowCarrier.close();
    const statuses = (await messages(store)).map((m) => m.status);
    // Two of the due addresses are refused at submit, so they are already final.
    assert.equal(statuses.filter((s) => s === MessageStatus.Transferred).length, ADDRESSES.length - 2, 'transferred at the restart');
    assert.equal(statuses.filter((s) => s === MessageStatus.Waiting).length, ADDRESSES.length, 'waiting at the restart');

    const simulator = new SimulatorConnector(FAST);
    t.after(() => simulator.close());
    const second = dispatch(t, store, [simulator]);
    await allFinal(store);
    await second.stop();
    await assertOutcomes(store, accountId);
    assert.deepEqual([second.stats.heldReceipts, second.stats.unmatchedReceipts], [0, 0]);
    assert.equal(second.stats.expired, 2, 'the silent number, once from each run');
  });

  test(`${database.name}: with no connector of its route up, a message is retried after a backoff, before the lease ends`, async (t) => {
    const store = await freshStore(t, database);
    const down = new ScriptedConnector('down');
    down.up = false;
    const other = new ScriptedConnector('other');
    const accountId = await account(store);
    await queue(store, accountId, '79161234567');
    const dispatcher = dispatch(t, store, [down, other], { batchSize: 10, leaseMs: 60_000, rules: [{ connectors: ['down'] }] });
    await waitFor('three attempts', async () => {
      const [m] = await messages(store);
      return (m?.attempts ?? 0) >= 3 || notYet(`${m?.attempts} attempts`);
    });
    await dispatcher.stop();
    const [m] = await messages(store);
    assert.equal(m?.status, MessageStatus.Waiting);
    assert.equal(dispatcher.stats.submitted, 0);
    assert.deepEqual([down.submitted, other.submitted], [[], []], 'a connector that is down is not asked, nor one off the route');
  });

  test(`${database.name}: with every connector down nothing is claimed: messages wait untouched for a link`, async (t) => {
    const store = await freshStore(t, database);
    const closed = new SimulatorConnector(FAST);
    await closed.close();
    const accountId = await account(store);
    await queue(store, accountId, '79161234567');
    const dispatcher = dispatch(t, store, [closed], { batchSize: 10, leaseMs: 60_000, intervalMs: 5 });
    await new Promise((resolve) => setTimeout(resolve, 200));
    await dispatcher.stop();
    const [m] = await messages(store);
    assert.deepEqual([m?.status, m?.attempts, m?.lease_until], [MessageStatus.Waiting, 0, null], 'never claimed, so never released either');
    assert.deepEqual(dispatcher.stats.connectors.simulator, CONNECTOR_ZERO);
  });

  test(`${database.name}: wake() runs an iteration at once; stop() ends the wait`, async (t) => {
    const store = await freshStore(t, database);
    const simulator = new SimulatorConnector(FAST);
    t.after(() => simulator.close());
    const accountId = await account(store);
    const dispatcher = dispatch(t, store, [simulator], { intervalMs: 60_000, batchSize: 10 });
    // Lets the first iteration find the queue empty; without wake() the next one is a minute away.
    await new Promise((resolve) => setTimeout(resolve, 50));
    await queue(store, accountId, '79161234567');
    dispatcher.wake();
    await allFinal(store);

    const stopping = Date.now();
    await dispatcher.stop();
    assert.ok(Date.now() - stopping < 1000, 'stop does not wait for the interval');
    assert.equal(dispatcher.stats.receipts, 1);
    assert.throws(() => dispatcher.start(), /cannot start/);
  });

  test(`${database.name}: a message no route matches ends as 25/248 and is refunded`, async (t) => {
    const store = await freshStore(t, database);
    const uk = new ScriptedConnector('uk');
    const accountId = await account(store);
    const russian = await queue(store, accountId, '79161234567');
    const british = await queue(store, accountId, '447700900123');
    const dispatcher = dispatch(t, store, [uk], { rules: [{ prefixes: ['44'], connectors: ['uk'] }] });
    await waitFor('both messages to leave the queue', async () => {
      const rows = await messages(store);
      return rows.every((m) => m.status >= 0) || notYet(rows.map((m) => m.status).join(', '));
    });
    const row = await message(store, russian);
    assert.deepEqual([row.status, row.err, row.connector, row.lease_until], [MessageStatus.Unavailable, DeliveryError.NoRoute, null, null]);
    assert.equal((await message(store, british)).status, MessageStatus.Transferred);
    assert.deepEqual(uk.submitted.map((s) => s.message.address), ['447700900123']);
    assert.deepEqual(await refunds(store), [{ int_id: russian, amount_minor: PRICE }]);
    assert.equal(dispatcher.stats.noRoute, 1);
  });

  test(`${database.name}: failover — the first connector of the route that is up takes the message`, async (t) => {
    const store = await freshStore(t, database);
    const primary = new ScriptedConnector('primary');
    const backup = new ScriptedConnector('backup');
    primary.up = false;
    const accountId = await account(store);
    const first = await queue(store, accountId, '79161234567');
    const dispatcher = dispatch(t, store, [primary, backup]);
    await waitFor('the backup to take the message', async () => backup.submitted.length === 1 || notYet(`${backup.submitted.length} submitted`));
    await waitFor('the transfer', async () => (await message(store, first)).status === MessageStatus.Transferred || notYet('waiting'));
    const row = await message(store, first);
    assert.deepEqual([row.connector, row.carrier_id], ['backup', `backup-${first}`]);
    assert.equal(primary.submitted.length, 0, 'a connector that is down is not asked');

    primary.up = true;
    const second = await queue(store, accountId, '79161234568');
    dispatcher.wake();
    await waitFor('the primary to take the next one', async () => primary.submitted.length === 1 || notYet(`${primary.submitted.length} submitted`));
    await backup.receipt(`backup-${first}`, MessageStatus.Delivered, 0);
    assert.equal((await message(store, first)).status, MessageStatus.Delivered, "the backup's receipt is stored under the backup's name");
    assert.deepEqual(dispatcher.stats.connectors, {
      primary: { ...CONNECTOR_ZERO, submitted: 1, accepted: 1 },
      backup: { ...CONNECTOR_ZERO, submitted: 1, accepted: 1, receipts: 1 },
    });
    await waitFor('the second transfer', async () => (await message(store, second)).connector === 'primary' || notYet('not yet'));
  });

  test(`${database.name}: a refused submit fails over to nothing: it is final, refunded, and names its connector`, async (t) => {
    const store = await freshStore(t, database);
    const refusing = new ScriptedConnector('refusing', () => ({ final: { status: MessageStatus.InvalidNumber, err: DeliveryError.InvalidNumberFormat } }));
    const backup = new ScriptedConnector('backup');
    const accountId = await account(store);
    const intId = await queue(store, accountId, '79161234567');
    const dispatcher = dispatch(t, store, [refusing, backup]);
    await allFinal(store);
    const row = await message(store, intId);
    assert.deepEqual([row.status, row.err, row.connector], [22, 249, 'refusing']);
    assert.equal(backup.submitted.length, 0);
    assert.deepEqual(await refunds(store), [{ int_id: intId, amount_minor: PRICE }]);
    assert.deepEqual(dispatcher.stats.connectors.refusing, { ...CONNECTOR_ZERO, submitted: 1, rejected: 1 });
  });

  test(`${database.name}: a message its connector keeps refusing for now is retried with a doubling backoff until its validity ends, then 3/245`, async (t) => {
    const store = await freshStore(t, database);
    const throttled = new ScriptedConnector('throttled', () => ({ retry: 'ESME_RTHROTTLED' }));
    const accountId = await account(store);
    const intId = await queue(store, accountId, '79161234567', { validMs: 700 });
    const { expires_at } = await message(store, intId);
    const dispatcher = dispatch(t, store, [throttled], { intervalMs: 10, leaseMs: 10_000 });
    await allFinal(store);
    const expiredAt = Date.now();

    const row = await message(store, intId);
    assert.deepEqual([row.status, row.err, row.lease_until], [MessageStatus.Expired, DeliveryError.StatusNotReceived, null]);
    assert.ok(expiredAt - expires_at < 300, `expired ${expiredAt - expires_at} ms after its validity: the backoff never reached past it`);
    const times = throttled.submitted.map((s) => s.at);
    assert.ok(times.every((at) => at < expires_at), 'nothing is submitted after the validity');
    // Waits of 20, 40, 80, 160, 320 ms: five or six tries fit in 700 ms.
    assert.ok(times.length >= 4 && times.length <= 7, `${times.length} submits`);
    // Attempt n (claims count from 1) is released for 10 ms × 2^n; the next claim comes at the first poll after.
    const gaps = times.slice(1).map((at, i) => at - times[i]!);
    gaps.forEach((gap, i) => {
      const backoff = 10 * 2 ** (i + 1);
      assert.ok(gap >= backoff - 1 && gap < backoff + 250, `gap ${i + 1} of ${gaps.join(', ')} ms: backoff ${backoff} ms`);
    });
    assert.deepEqual(await refunds(store), [{ int_id: intId, amount_minor: PRICE }]);
    assert.deepEqual(dispatcher.stats.connectors.throttled, { ...CONNECTOR_ZERO, submitted: times.length, retried: times.length });
    assert.equal(dispatcher.stats.expired, 1);
  });

  test(`${database.name}: a 3-part message ends when its last receipt is stored; receipts resolve after their commit`, async (t) => {
    const store = await freshStore(t, database);
    const carrier = new ScriptedConnector('carrier', (m) => ({ accepted: [1, 2, 3].map((part) => `${m.intId}.${part}`) }));
    const other = new ScriptedConnector('other');
    const accountId = await account(store);
    const delivered = await queue(store, accountId, '79161234567');
    const failed = await queue(store, accountId, '79161234568');
    const first = dispatch(t, store, [carrier, other], { rules: [{ connectors: ['carrier'] }] });
    await waitFor('both transfers', async () => {
      const rows = await messages(store);
      return rows.every((m) => m.status === MessageStatus.Transferred) || notYet(rows.map((m) => m.status).join(', '));
    });

    await carrier.receipt(`${delivered}.2`, MessageStatus.Delivered, 0);
    await carrier.receipt(`${failed}.3`, MessageStatus.Undeliverable, DeliveryError.SubscriberMissing);
    await carrier.receipt(`${failed}.3`, MessageStatus.Undeliverable, DeliveryError.SubscriberMissing);
    await first.stop();

    // A restart in between: each connector resumes only its own parts still waiting.
    const carrierAgain = new ScriptedConnector('carrier');
    const otherAgain = new ScriptedConnector('other');
    const second = dispatch(t, store, [carrierAgain, otherAgain], { rules: [{ connectors: ['carrier'] }] });
    await waitFor('resume', async () => carrierAgain.resumed.length > 0 || notYet('not resumed'));
    assert.deepEqual(carrierAgain.resumed.map((p) => p.carrierId).sort(), [`${delivered}.1`, `${delivered}.3`, `${failed}.1`, `${failed}.2`]);
    assert.deepEqual(otherAgain.resumed, []);

    await carrierAgain.receipt(`${delivered}.1`, MessageStatus.Delivered, 0);
    assert.equal((await message(store, delivered)).status, MessageStatus.Transferred, 'two of three parts delivered');
    await carrierAgain.receipt(`${delivered}.3`, MessageStatus.Delivered, 0);
    assert.deepEqual([(await message(store, delivered)).status, (await message(store, delivered)).err], [1, 0], 'stored when the receipt resolved');
    await carrierAgain.receipt(`${failed}.1`, MessageStatus.Delivered, 0);
    await carrierAgain.receipt(`${failed}.2`, MessageStatus.Delivered, 0);
    assert.deepEqual([(await message(store, failed)).status, (await message(store, failed)).err], [20, 1], 'one failed part fails the message');
    assert.deepEqual(await refunds(store), [{ int_id: failed, amount_minor: PRICE }]);
    assert.deepEqual([first.stats.receipts, first.stats.duplicateReceipts, second.stats.receipts], [2, 1, 4]);
  });

  test(`${database.name}: a receipt that overtakes its submit's answer is held, then matched when the parts are stored`, async (t) => {
    const store = await freshStore(t, database);
    // SMPP 3.4 §4.6: the deliver_sm can arrive before the submit_sm_resp of the same message.
    const hasty: ScriptedConnector = new ScriptedConnector('hasty', async (m) => {
      await hasty.receipt(`h-${m.intId}`, MessageStatus.Undeliverable, DeliveryError.SubscriberMissing);
      return { accepted: [`h-${m.intId}`] };
    });
    const accountId = await account(store);
    const intId = await queue(store, accountId, '79161234567');
    const dispatcher = dispatch(t, store, [hasty]);
    await allFinal(store);
    const row = await message(store, intId);
    assert.deepEqual([row.status, row.err, row.carrier_id], [20, 1, `h-${intId}`]);
    assert.deepEqual(await refunds(store), [{ int_id: intId, amount_minor: PRICE }]);
    assert.equal(dispatcher.stats.heldReceipts, 1);
    assert.equal(await store.db.selectFrom('orphan_receipts').select('id').executeTakeFirst(), undefined, 'the held receipt is gone once matched');
  });

  test(`${database.name}: a receipt nobody sent for is kept; past its hold it counts as unmatched`, async (t) => {
    const store = await freshStore(t, database);
    const carrier = new ScriptedConnector('carrier');
    const dispatcher = dispatch(t, store, [carrier], { orphanSweepMs: 10, orphanHoldMs: 50 });
    await carrier.receipt('never-sent', MessageStatus.Delivered, 0);
    assert.equal(dispatcher.stats.heldReceipts, 1);
    await waitFor('the sweep to count it', async () => dispatcher.stats.unmatchedReceipts === 1 || notYet(`${dispatcher.stats.unmatchedReceipts} unmatched`));
    const kept = await store.db.selectFrom('orphan_receipts').select(['connector', 'carrier_id', 'status', 'err']).execute();
    assert.deepEqual(kept, [{ connector: 'carrier', carrier_id: 'never-sent', status: 1, err: 0 }]);
    await dispatcher.stop();
    await assert.rejects(carrier.receipt('late', MessageStatus.Delivered, 0), /dispatcher stopped/, 'after stop a receipt is refused, so its carrier sends it again');
  });
}
