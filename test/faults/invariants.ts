// The invariants every crash and fault scenario ends with (docs/faults.md): nothing lost, money exact, duplicates bounded.
import assert from 'node:assert/strict';
import type { SmscSimulator } from '../../src/delivery/smpp/smsc-simulator.ts';
import type { Store } from '../../src/store/database.ts';
import { isRefunded } from '../../src/wire/statuses.ts';
import { notYet, waitFor } from '../support/wait.ts';

/** What a scenario promises: how many recipients were accepted, and how many submits may repeat. */
export interface InvariantExpectation {
  /** Recipients the gateway accepted (send.php's cnt, summed over every answered request). */
  accepted: number;
  /** Most messages the simulator may have taken more than once (docs/faults.md); a function is asked once all are final. */
  duplicateBound: number | (() => number);
  /** How long every message may take to reach a final status from now. Default 60 s. */
  finalWithinMs?: number;
}

/** What the check saw, for the scenario's figures. */
export interface InvariantFigures {
  /** Complete messages the simulator took, counting repeats. */
  received: number;
  duplicates: number;
  /** Receipts of repeated submits, whose ids the gateway never stored: kept in orphan_receipts. */
  orphans: number;
  /** Receipts sent more than once (unacknowledged by a killed gateway, or refused while its store was busy). */
  resent: number;
}

/** Messages waiting (-1), transferred (0) and final, read from `store`. */
export async function statusCounts(store: Store): Promise<{ waiting: number; transferred: number; final: number }> {
  const rows = await store.db.selectFrom('messages').select(['status', (eb) => eb.fn.countAll<number>().as('n')]).groupBy('status').execute();
  const count = (status: number) => Number(rows.find((r) => r.status === status)?.n ?? 0);
  const all = rows.reduce((sum, r) => sum + Number(r.n), 0);
  return { waiting: count(-1), transferred: count(0), final: all - count(-1) - count(0) };
}

/**
 * Waits until every message is final, then asserts: one row per accepted recipient, each delivered; the simulator
 * took each one, repeats within the bound; every receipt acknowledged once; per account, balance = ledger =
 * opening − charges + refunds, with at most one refund per message.
 */
export async function checkInvariants(store: Store, simulator: SmscSimulator, expected: InvariantExpectation): Promise<InvariantFigures> {
  await waitFor('every message to reach a final status', async () => {
    const counts = await statusCounts(store);
    return counts.waiting + counts.transferred === 0 || notYet(JSON.stringify(counts));
  }, { timeoutMs: expected.finalWithinMs ?? 60_000, intervalMs: 100 });

  const rows = await store.db.selectFrom('messages').select(['phone', 'body', 'status', 'err']).execute();
  assert.equal(rows.length, expected.accepted, 'one row per accepted recipient');
  assert.deepEqual(rows.filter((r) => r.status !== 1 || r.err !== 0).slice(0, 5), [], 'every message delivered (status 1, err 0)');

  const taken = new Set(simulator.log.map((m) => `${m.destination} ${m.text}`));
  assert.equal(simulator.log.length, simulator.stats.messages, 'the simulator log holds every message it took');
  assert.ok(rows.every((r) => taken.has(`${r.phone} ${r.body}`)), 'the simulator took every stored message at least once');
  assert.equal(taken.size, expected.accepted, 'the simulator took nothing that was not accepted');
  const { messages: received, duplicates } = simulator.stats;
  assert.equal(received - duplicates, expected.accepted);
  const bound = typeof expected.duplicateBound === 'number' ? expected.duplicateBound : expected.duplicateBound();
  assert.ok(duplicates <= bound, `duplicates ${duplicates} ≤ the documented bound ${bound}`);

  // Every receipt is acknowledged once it is stored; those of repeated submits (ids never stored) stay as orphans.
  const orphans = await waitFor('every receipt acknowledged and the orphans stored', async () => {
    const [row] = await store.db.selectFrom('orphan_receipts').select((eb) => eb.fn.count<number>('carrier_id').distinct().as('n')).execute();
    const { acked } = simulator.stats.receipts;
    return (acked === received && Number(row?.n) === duplicates) || notYet(`${acked} of ${received} acknowledged, ${Number(row?.n)} orphans`);
  }, { timeoutMs: 20_000, intervalMs: 50 });
  const { receipts } = simulator.stats;
  assert.equal(receipts.dropped, 0, 'no receipt dropped');

  await checkMoney(store);
  return { received, duplicates, orphans: duplicates, resent: receipts.sent - receipts.acked };
}

/** Per account: balance = Σ ledger; holds = Σ message costs; refunds = Σ costs of refunded messages, one each. */
async function checkMoney(store: Store): Promise<void> {
  const accounts = await store.db.selectFrom('accounts').select(['id', 'login', 'balance_minor']).execute();
  const ledger = await store.db
    .selectFrom('ledger')
    .select(['account_id', 'kind', (eb) => eb.fn.sum<number>('amount_minor').as('sum')])
    .groupBy(['account_id', 'kind'])
    .execute();
  const messages = await store.db.selectFrom('messages').select(['account_id', 'status', 'cost_minor']).execute();
  for (const account of accounts) {
    const entries = ledger.filter((l) => l.account_id === account.id);
    const entry = (kind: string) => Number(entries.find((l) => l.kind === kind)?.sum ?? 0);
    const total = entries.reduce((sum, l) => sum + Number(l.sum), 0);
    const own = messages.filter((m) => m.account_id === account.id);
    const charges = own.reduce((sum, m) => sum + m.cost_minor, 0);
    const refunds = own.filter((m) => isRefunded(m.status)).reduce((sum, m) => sum + m.cost_minor, 0);
    const opening = entry('topup') + entry('adjust');
    const label = `account ${account.login}`;
    assert.equal(-entry('hold'), charges, `${label}: the holds pay for exactly its messages`);
    assert.equal(entry('refund'), refunds, `${label}: the refunds return exactly its failed messages`);
    assert.equal(account.balance_minor, opening - charges + refunds, `${label}: balance = opening − charges + refunds`);
    assert.equal(account.balance_minor, total, `${label}: balance = the sum of its ledger`);
  }
  const refundedTwice = await store.db
    .selectFrom('ledger')
    .select('int_id')
    .where('kind', '=', 'refund')
    .groupBy('int_id')
    .having((eb) => eb.fn.countAll(), '>', 1)
    .execute();
  assert.deepEqual(refundedTwice, [], 'no message refunded twice');
}
