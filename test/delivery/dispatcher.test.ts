// The dispatcher end to end over both databases with the simulator: final statuses, refunds, restarts, retries.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openStore, type Store } from '../../src/store/database.ts';
import { Dispatcher } from '../../src/delivery/dispatcher.ts';
import { SimulatorConnector } from '../../src/delivery/simulator.ts';
import { MessageStatus, isFinal, isRefunded } from '../../src/wire/statuses.ts';
import { DATABASES } from '../support/databases.ts';

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
async function queue(store: Store, accountId: number, address: string, options: { dueInMs?: number; validMs?: number } = {}): Promise<number> {
  const now = Date.now();
  const dueAt = now + (options.dueInMs ?? 0);
  const { int_id } = await store.db
    .insertInto('messages')
    .values({
      account_id: accountId, msg_id: '1', phone: address, kind: address.includes('@') ? 8 : 0, sender: 'SMSC', subject: '', body: 'hello',
      sms_cnt: 1, cost_minor: PRICE, status: MessageStatus.Waiting, err: 0, test: 0, created_at: now, status_at: now, due_at: dueAt,
      expires_at: dueAt + (options.validMs ?? HOUR),
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

/** Polls `check` until it reports done; fails with "waited N ms for …" and the last progress instead of hanging. */
async function waitFor(what: string, check: () => Promise<[done: boolean, progress: string]>, timeoutMs = 5000): Promise<void> {
  const started = Date.now();
  for (;;) {
    const [done, progress] = await check();
    if (done) return;
    if (Date.now() - started > timeoutMs) throw new Error(`waited ${timeoutMs} ms for ${what}, ${progress}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

async function allFinal(store: Store): Promise<void> {
  await waitFor('every message to be final', async () => {
    const rows = await messages(store);
    const final = rows.filter((m) => isFinal(m.status)).length;
    return [final === rows.length, `${final} of ${rows.length} final`];
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

for (const database of DATABASES) {
  test(`${database.name}: every test address reaches its final status; failures are refunded`, async (t) => {
    const { url, drop } = await database.create();
    t.after(drop);
    const store = await openStore(url);
    t.after(() => store.close());
    const simulator = new SimulatorConnector(FAST);
    t.after(() => simulator.close());
    const dispatcher = new Dispatcher(store, simulator, { intervalMs: 5, batchSize: 4, leaseMs: 1000 });
    t.after(() => dispatcher.stop());

    const accountId = await account(store);
    for (const address of ADDRESSES) await queue(store, accountId, address, { validMs: address === '79990000000' ? 300 : HOUR });
    for (let i = 0; i < 10; i++) await queue(store, accountId, '79161234567');
    dispatcher.start();
    await allFinal(store);
    await dispatcher.stop();

    await assertOutcomes(store, accountId);
    const rows = await messages(store);
    const silent = rows.find((m) => m.phone === '79990000000');
    assert.equal(silent?.connector, 'simulator', 'the silent number was taken, then expired');
    assert.deepEqual(dispatcher.stats, { submitted: rows.length, receipts: rows.length - 3, unmatchedReceipts: 0, expired: 1 });
  });

  test(`${database.name}: after a restart, transferred and waiting messages all reach their final status`, async (t) => {
    const { url, drop } = await database.create();
    t.after(drop);
    const store = await openStore(url);
    t.after(() => store.close());
    const accountId = await account(store);
    for (const address of ADDRESSES) await queue(store, accountId, address, { validMs: address === '79990000000' ? 600 : HOUR });
    for (const address of ADDRESSES) await queue(store, accountId, address, { dueInMs: 1000, validMs: address === '79990000000' ? 300 : HOUR });

    // The first run takes the due messages but never sees a receipt.
    const slowCarrier = new SimulatorConnector({ submitDelayMs: 1, receiptDelayMs: 60_000 });
    t.after(() => slowCarrier.close());
    const first = new Dispatcher(store, slowCarrier, { intervalMs: 5, batchSize: 100, leaseMs: 1000 });
    first.start();
    await waitFor('the due messages to leave the queue', async () => {
      const waiting = (await messages(store)).filter((m) => m.status === MessageStatus.Waiting).length;
      return [waiting === ADDRESSES.length, `${waiting} waiting`];
    });
    await first.stop();
    await slowCarrier.close();
    const statuses = (await messages(store)).map((m) => m.status);
    // Two of the due addresses are refused at submit, so they are already final.
    assert.equal(statuses.filter((s) => s === MessageStatus.Transferred).length, ADDRESSES.length - 2, 'transferred at the restart');
    assert.equal(statuses.filter((s) => s === MessageStatus.Waiting).length, ADDRESSES.length, 'waiting at the restart');

    const simulator = new SimulatorConnector(FAST);
    t.after(() => simulator.close());
    const second = new Dispatcher(store, simulator, { intervalMs: 5, batchSize: 100, leaseMs: 1000 });
    t.after(() => second.stop());
    second.start();
    await allFinal(store);
    await second.stop();
    await assertOutcomes(store, accountId);
    assert.equal(second.stats.unmatchedReceipts, 0);
    assert.equal(second.stats.expired, 2, 'the silent number, once from each run');
  });

  test(`${database.name}: a temporary submit failure is retried after a backoff, before the lease ends`, async (t) => {
    const { url, drop } = await database.create();
    t.after(drop);
    const store = await openStore(url);
    t.after(() => store.close());
    const closed = new SimulatorConnector(FAST);
    await closed.close();
    const dispatcher = new Dispatcher(store, closed, { intervalMs: 5, batchSize: 10, leaseMs: 60_000 });
    t.after(() => dispatcher.stop());
    const accountId = await account(store);
    await queue(store, accountId, '79161234567');
    dispatcher.start();
    await waitFor('three attempts', async () => {
      const [m] = await messages(store);
      return [(m?.attempts ?? 0) >= 3, `${m?.attempts} attempts`];
    });
    await dispatcher.stop();
    const [m] = await messages(store);
    assert.equal(m?.status, MessageStatus.Waiting);
    assert.equal(dispatcher.stats.submitted, 0);
  });

  test(`${database.name}: wake() runs an iteration at once; stop() ends the wait`, async (t) => {
    const { url, drop } = await database.create();
    t.after(drop);
    const store = await openStore(url);
    t.after(() => store.close());
    const simulator = new SimulatorConnector(FAST);
    t.after(() => simulator.close());
    const dispatcher = new Dispatcher(store, simulator, { intervalMs: 60_000, batchSize: 10, leaseMs: 1000 });
    t.after(() => dispatcher.stop());
    const accountId = await account(store);
    dispatcher.start();
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
}
