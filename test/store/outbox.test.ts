// The outbox queries on both dialects: claiming under leases, expiry, parts and receipts, refunds exactly once.
import { test } from 'node:test';
import { CompiledQuery } from 'kysely';
import assert from 'node:assert/strict';
import { openStore, type Store } from '../../src/store/database.ts';
import type { NewMessage } from '../../src/store/schema.ts';
import { applyFinal, claimDue, claimDueQuery, expireOverdue, listInFlight, markTransferred, overdueQuery, releaseLease } from '../../src/store/outbox.ts';
import { applyReceipt, matchOrphans, orphanCount } from '../../src/store/receipts.ts';
import { DeliveryError, MessageStatus } from '../../src/wire/statuses.ts';
import { DATABASES, type DialectName, freshStore } from '../support/databases.ts';

const T0 = 1_764_000_000_000;
const HOUR = 3_600_000;
const LEASE = 30_000;

/** An account topped up with `balance`, as the ledger records it. */
async function account(store: Store, balance: number): Promise<number> {
  const { id } = await store.db
    .insertInto('accounts')
    .values({ login: 'outbox', password_hash: 'x', balance_minor: balance, currency: 'RUB', test_mode: 0, allowed_ips: '', tz_offset_hours: 0, next_msg_id: 1, created_at: T0 - HOUR })
    .returning('id')
    .executeTakeFirstOrThrow();
  await store.db.insertInto('ledger').values({ account_id: id, kind: 'topup', amount_minor: balance, int_id: null, created_at: T0 - HOUR }).execute();
  return id;
}

/** Queues one message as submission does: the row, its cost held from the balance, a 'hold' ledger entry. */
async function queue(store: Store, accountId: number, fields: Partial<NewMessage> = {}): Promise<number> {
  const row: NewMessage = {
    account_id: accountId, msg_id: '1', phone: '79161234567', kind: 0, sender: 'SMSC', subject: '', body: 'hello', sms_cnt: 1,
    cost_minor: 150, status: MessageStatus.Waiting, err: 0, test: 0, created_at: T0 - HOUR, status_at: T0 - HOUR,
    due_at: T0 - 1000, expires_at: T0 + HOUR, ...fields,
  };
  const { int_id } = await store.db.insertInto('messages').values(row).returning('int_id').executeTakeFirstOrThrow();
  if (row.cost_minor > 0) {
    await store.db.updateTable('accounts').set((eb) => ({ balance_minor: eb('balance_minor', '-', row.cost_minor) })).where('id', '=', accountId).execute();
    await store.db.insertInto('ledger').values({ account_id: accountId, kind: 'hold', amount_minor: -row.cost_minor, int_id, created_at: T0 - HOUR }).execute();
  }
  return int_id;
}

async function message(store: Store, intId: number) {
  return store.db.selectFrom('messages').selectAll().where('int_id', '=', intId).executeTakeFirstOrThrow();
}

async function refunds(store: Store): Promise<Array<{ int_id: number | null; amount_minor: number }>> {
  return store.db.selectFrom('ledger').select(['int_id', 'amount_minor']).where('kind', '=', 'refund').orderBy('int_id').execute();
}

/** The balance, after checking it equals the sum of the account's ledger. */
async function balance(store: Store, accountId: number): Promise<number> {
  const { balance_minor } = await store.db.selectFrom('accounts').select('balance_minor').where('id', '=', accountId).executeTakeFirstOrThrow();
  const entries = await store.db.selectFrom('ledger').select('amount_minor').where('account_id', '=', accountId).execute();
  assert.equal(balance_minor, entries.reduce((sum, e) => sum + e.amount_minor, 0), 'balance equals the sum of the ledger');
  return balance_minor;
}

/** A 3-part message on connector smpp-a as parts p1, p2, p3, its 450 held from an account of 10,000. */
async function transferredInThreeParts(store: Store): Promise<{ accountId: number; intId: number }> {
  const accountId = await account(store, 10_000);
  const intId = await queue(store, accountId, { sms_cnt: 3, cost_minor: 450 });
  await claimDue(store, { now: T0, leaseMs: LEASE, limit: 10 });
  await markTransferred(store, intId, 'smpp-a', ['p1', 'p2', 'p3'], T0 + 1);
  return { accountId, intId };
}

/** The plan of `sql`: SQLite's EXPLAIN QUERY PLAN, PostgreSQL's EXPLAIN with sequential scans off (the tables are tiny). */
async function planOf(store: Store, sql: string, parameters: unknown[]): Promise<string> {
  if (store.dialect === 'sqlite') {
    const { rows } = await store.db.executeQuery<{ detail: string }>(CompiledQuery.raw(`explain query plan ${sql}`, parameters));
    return rows.map((row) => row.detail).join('\n');
  }
  return store.db.transaction().execute(async (trx) => {
    await trx.executeQuery(CompiledQuery.raw('set local enable_seqscan = off'));
    const { rows } = await trx.executeQuery<{ 'QUERY PLAN': string }>(CompiledQuery.raw(`explain ${sql}`, parameters));
    return rows.map((row) => row['QUERY PLAN']).join('\n');
  });
}

const CLAIM_SQL: Record<DialectName, string> = {
  sqlite:
    'update "messages" set "lease_until" = ?, "attempts" = "attempts" + ? where "int_id" in (select "int_id" from "messages" where "status" = -1 and "due_at" <= ? and "expires_at" > ? and ("lease_until" is null or "lease_until" < ?) order by "due_at", "int_id" limit ?) returning "int_id", "phone", "kind", "sender", "subject", "body", "due_at", "expires_at", "attempts", "mccmnc"',
  postgres:
    'update "messages" set "lease_until" = $1, "attempts" = "attempts" + $2 where "int_id" in (select "int_id" from "messages" where "status" = -1 and "due_at" <= $3 and "expires_at" > $4 and ("lease_until" is null or "lease_until" < $5) order by "due_at", "int_id" limit $6 for update skip locked) returning "int_id", "phone", "kind", "sender", "subject", "body", "due_at", "expires_at", "attempts", "mccmnc"',
};

for (const database of DATABASES) {
  test(`${database.name}: the claim, expiry and queue counts read the partial indexes of unfinished messages`, async (t) => {
    const store = await freshStore(t, database);
    const queries = {
      messages_outbox: claimDueQuery(store.db, store.dialect, { now: T0, leaseMs: LEASE, limit: 10 }).compile(),
      messages_expiry: overdueQuery(store.db, store.dialect, { now: T0, limit: 10 }).compile(),
    };
    for (const [index, compiled] of Object.entries(queries)) {
      const lines = await planOf(store, compiled.sql, [...compiled.parameters]);
      assert.ok(lines.includes(index), `${index} in the plan of ${compiled.sql}:\n${lines}`);
    }
  });

  test(`${database.name}: claimDue is one UPDATE … IN (SELECT … LIMIT), with SKIP LOCKED only on PostgreSQL`, async (t) => {
    const store = await freshStore(t, database);
    const compiled = claimDueQuery(store.db, store.dialect, { now: T0, leaseMs: LEASE, limit: 10 }).compile();
    assert.equal(compiled.sql, CLAIM_SQL[database.name]);
    assert.deepEqual(compiled.parameters, [T0 + LEASE, 1, T0, T0, T0, 10]);
    assert.equal(compiled.sql.includes('skip locked'), database.name === 'postgres');

    const accountId = await account(store, 1000);
    const intId = await queue(store, accountId);
    const rows = await claimDueQuery(store.db, store.dialect, { now: T0, leaseMs: LEASE, limit: 10 }).execute();
    assert.deepEqual(rows.map((r) => r.int_id), [intId]);
  });

  test(`${database.name}: claims due messages oldest first, excludes leased ones, reclaims after the lease`, async (t) => {
    const store = await freshStore(t, database);
    const accountId = await account(store, 10_000);
    const newest = await queue(store, accountId, { due_at: T0 - 1000 });
    const oldest = await queue(store, accountId, { due_at: T0 - 3000 });
    const middle = await queue(store, accountId, { due_at: T0 - 2000 });
    const later = await queue(store, accountId, { due_at: T0 + 1000 });
    const sameDue = await queue(store, accountId, { due_at: T0 - 2000 });

    const first = await claimDue(store, { now: T0, leaseMs: LEASE, limit: 3 });
    assert.deepEqual(first.map((m) => m.int_id), [oldest, middle, sameDue], 'by due_at, then int_id');
    assert.deepEqual(first.map((m) => m.attempts), [1, 1, 1]);
    assert.equal((await message(store, oldest)).lease_until, T0 + LEASE);

    const second = await claimDue(store, { now: T0, leaseMs: LEASE, limit: 10 });
    assert.deepEqual(second.map((m) => m.int_id), [newest], 'leased and future rows are not claimed');
    const atLeaseEnd = await claimDue(store, { now: T0 + LEASE, leaseMs: LEASE, limit: 10 });
    assert.deepEqual(atLeaseEnd.map((m) => m.int_id), [later], 'a lease ending exactly now still holds');

    const third = await claimDue(store, { now: T0 + LEASE + 1, leaseMs: LEASE, limit: 10 });
    assert.deepEqual(third.map((m) => m.int_id), [oldest, middle, sameDue, newest]);
    assert.deepEqual(third.map((m) => m.attempts), [2, 2, 2, 2]);
  });

  test(`${database.name}: concurrent claimers never take the same message`, async (t) => {
    const { url, drop } = await database.create();
    t.after(drop);
    const store = await openStore(url);
    t.after(() => store.close());
    const other = await openStore(url);
    t.after(() => other.close());
    const accountId = await account(store, 100_000);
    const queued: number[] = [];
    for (let i = 0; i < 60; i++) queued.push(await queue(store, accountId, { due_at: T0 - 1000 - (i % 7) }));

    const claimAll = async (s: Store) => {
      const taken: number[] = [];
      for (;;) {
        const batch = await claimDue(s, { now: T0, leaseMs: LEASE, limit: 7 });
        if (batch.length === 0) return taken;
        taken.push(...batch.map((m) => m.int_id));
      }
    };
    const [a, b] = await Promise.all([claimAll(store), claimAll(other)]);
    assert.deepEqual([...a, ...b].sort((x, y) => x - y), queued, 'each message claimed exactly once');
  });

  test(`${database.name}: releaseLease makes a message claimable again at retryAt`, async (t) => {
    const store = await freshStore(t, database);
    const accountId = await account(store, 1000);
    const intId = await queue(store, accountId);
    assert.equal((await claimDue(store, { now: T0, leaseMs: LEASE, limit: 10 })).length, 1);
    await releaseLease(store, intId, T0 + 100);
    assert.equal((await claimDue(store, { now: T0 + 50, leaseMs: LEASE, limit: 10 })).length, 0);
    assert.deepEqual((await claimDue(store, { now: T0 + 101, leaseMs: LEASE, limit: 10 })).map((m) => m.int_id), [intId]);
  });

  test(`${database.name}: expired messages are not claimed; expireOverdue makes them 3/245 and refunds them`, async (t) => {
    const store = await freshStore(t, database);
    const accountId = await account(store, 10_000);
    const waiting = await queue(store, accountId, { expires_at: T0 });
    const transferred = await queue(store, accountId, { expires_at: T0 - 1 });
    assert.equal(await markTransferred(store, transferred, 'simulator', ['c-1'], T0 - HOUR), true);
    const leased = await queue(store, accountId, { expires_at: T0 - 1, lease_until: T0 + 5000 });
    const free = await queue(store, accountId, { expires_at: T0 - 1, cost_minor: 0 });
    const valid = await queue(store, accountId, { expires_at: T0 + 1000 });
    const delivered = await queue(store, accountId, { expires_at: T0 - 1, status: MessageStatus.Delivered });
    assert.equal(await balance(store, accountId), 10_000 - 5 * 150);

    assert.deepEqual((await claimDue(store, { now: T0, leaseMs: LEASE, limit: 10 })).map((m) => m.int_id), [valid]);
    assert.equal(await expireOverdue(store, T0, 100), 3);
    for (const intId of [waiting, transferred, free]) {
      const row = await message(store, intId);
      assert.deepEqual([row.status, row.err, row.status_at, row.lease_until], [MessageStatus.Expired, DeliveryError.StatusNotReceived, T0, null], `message ${intId}`);
    }
    assert.equal((await message(store, leased)).status, MessageStatus.Waiting, 'a leased message may be in a connector: it waits for its lease');
    assert.equal((await message(store, delivered)).status, MessageStatus.Delivered);
    assert.deepEqual(await refunds(store), [
      { int_id: waiting, amount_minor: 150 },
      { int_id: transferred, amount_minor: 150 },
    ]);
    assert.equal(await balance(store, accountId), 10_000 - 3 * 150);

    assert.equal(await expireOverdue(store, T0, 100), 0, 'nothing is expired twice');
    assert.equal(await expireOverdue(store, T0 + 5001, 100), 1);
    assert.equal((await message(store, leased)).status, MessageStatus.Expired);
    assert.equal(await balance(store, accountId), 10_000 - 2 * 150);
  });

  test(`${database.name}: expireOverdue takes at most limit messages`, async (t) => {
    const store = await freshStore(t, database);
    const accountId = await account(store, 10_000);
    for (let i = 0; i < 5; i++) await queue(store, accountId, { expires_at: T0 - i });
    assert.equal(await expireOverdue(store, T0, 2), 2);
    assert.equal(await expireOverdue(store, T0, 10), 3);
    assert.equal(await balance(store, accountId), 10_000);
  });

  test(`${database.name}: claimDue returns what routing and validity need`, async (t) => {
    const store = await freshStore(t, database);
    const accountId = await account(store, 1000);
    const intId = await queue(store, accountId, { mccmnc: '25001', expires_at: T0 + 5000 });
    const [claimed] = await claimDue(store, { now: T0, leaseMs: LEASE, limit: 10 });
    assert.deepEqual(claimed, { int_id: intId, phone: '79161234567', kind: 0, sender: 'SMSC', subject: '', body: 'hello', due_at: T0 - 1000, expires_at: T0 + 5000, attempts: 1, mccmnc: '25001' });
  });

  test(`${database.name}: a final status without a receipt applies once; only failures are refunded, exactly once`, async (t) => {
    const store = await freshStore(t, database);
    const accountId = await account(store, 10_000);
    const rejected = await queue(store, accountId);
    const delivered = await queue(store, accountId);
    await claimDue(store, { now: T0, leaseMs: LEASE, limit: 10 });

    const invalid = { status: MessageStatus.InvalidNumber, err: DeliveryError.InvalidNumberFormat, now: T0 + 2, connector: 'smpp-a' };
    assert.equal(await applyFinal(store, rejected, invalid), true);
    assert.equal(await applyFinal(store, rejected, invalid), false, 'a second final status changes nothing');
    assert.equal(await applyFinal(store, delivered, { status: MessageStatus.Delivered, err: 0, now: T0 + 2 }), true);
    await assert.rejects(applyFinal(store, delivered, { status: MessageStatus.Transferred, err: 0, now: T0 }), /non-final/);

    const row = await message(store, rejected);
    assert.deepEqual([row.status, row.err, row.status_at, row.lease_until, row.connector], [22, 249, T0 + 2, null, 'smpp-a']);
    assert.deepEqual([(await message(store, delivered)).status, (await message(store, delivered)).connector], [MessageStatus.Delivered, null]);
    assert.equal(await markTransferred(store, rejected, 'smpp-a', ['late'], T0 + 3), false, 'only a waiting message is transferred');
    assert.deepEqual(await refunds(store), [{ int_id: rejected, amount_minor: 150 }]);
    assert.equal(await balance(store, accountId), 10_000 - 150);
  });

  test(`${database.name}: markTransferred stores one part per carrier id; listInFlight lists the parts still waiting`, async (t) => {
    const store = await freshStore(t, database);
    const accountId = await account(store, 10_000);
    const long = await queue(store, accountId, { phone: '79160000001', sms_cnt: 3, cost_minor: 450 });
    const single = await queue(store, accountId, { phone: '79160000002' });
    const other = await queue(store, accountId, { phone: '79160000003' });
    await claimDue(store, { now: T0, leaseMs: LEASE, limit: 10 });

    assert.equal(await markTransferred(store, long, 'smpp-a', ['a1', 'a2', 'a3'], T0 + 1), true);
    assert.equal(await markTransferred(store, long, 'smpp-a', ['b1'], T0 + 1), false, 'a transferred message is not transferred again');
    assert.equal(await markTransferred(store, single, 'smpp-a', ['s1'], T0 + 1), true);
    assert.equal(await markTransferred(store, other, 'smpp-b', ['a1'], T0 + 1), true, "ids are per connector: smpp-b's a1 is another part");
    await assert.rejects(markTransferred(store, other, 'smpp-b', [], T0 + 1), /without carrier ids/);

    const row = await message(store, long);
    assert.deepEqual([row.status, row.connector, row.carrier_id, row.status_at, row.lease_until], [MessageStatus.Transferred, 'smpp-a', 'a1', T0 + 1, null]);
    const parts = await store.db.selectFrom('message_parts').selectAll().where('int_id', '=', long).orderBy('part').execute();
    assert.deepEqual(parts, ['a1', 'a2', 'a3'].map((id, i) => ({ connector: 'smpp-a', carrier_id: id, int_id: long, part: i + 1, status: null, err: null, transferred_at: T0 + 1 })));

    assert.equal(await applyReceipt(store, 'smpp-a', 'a2', MessageStatus.Delivered, 0, T0 + 2), 'pending-parts');
    const inFlight = (await listInFlight(store, 'smpp-a')).sort((a, b) => a.carrierId.localeCompare(b.carrierId));
    assert.deepEqual(inFlight, [
      { carrierId: 'a1', address: '79160000001' },
      { carrierId: 'a3', address: '79160000001' },
      { carrierId: 's1', address: '79160000002' },
    ]);
    await expireOverdue(store, T0 + 2 * HOUR, 10);
    assert.deepEqual(await listInFlight(store, 'smpp-a'), [], 'parts of final messages are not in flight');
  });

  test(`${database.name}: a 3-part message is delivered only when all three receipts say delivered`, async (t) => {
    const store = await freshStore(t, database);
    const { accountId, intId } = await transferredInThreeParts(store);

    assert.equal(await applyReceipt(store, 'smpp-a', 'p3', MessageStatus.Delivered, 0, T0 + 2), 'pending-parts');
    assert.equal(await applyReceipt(store, 'smpp-a', 'p1', MessageStatus.Delivered, 0, T0 + 3), 'pending-parts');
    assert.equal((await message(store, intId)).status, MessageStatus.Transferred, 'two of three parts delivered');
    assert.equal(await applyReceipt(store, 'smpp-a', 'p2', MessageStatus.Delivered, 0, T0 + 4), 'applied');
    const row = await message(store, intId);
    assert.deepEqual([row.status, row.err, row.status_at], [MessageStatus.Delivered, 0, T0 + 4]);
    assert.deepEqual(await refunds(store), []);
    assert.equal(await balance(store, accountId), 10_000 - 450);
  });

  test(`${database.name}: one failed part fails the message with the first failing part's status, refunded once`, async (t) => {
    const store = await freshStore(t, database);
    const { accountId, intId } = await transferredInThreeParts(store);

    assert.equal(await applyReceipt(store, 'smpp-a', 'p3', MessageStatus.Undeliverable, DeliveryError.SubscriberMissing, T0 + 2), 'pending-parts');
    assert.equal(await applyReceipt(store, 'smpp-a', 'p1', MessageStatus.Delivered, 0, T0 + 3), 'pending-parts');
    assert.equal(await applyReceipt(store, 'smpp-a', 'p2', MessageStatus.Prohibited, DeliveryError.SpamFilter, T0 + 4), 'applied');
    const row = await message(store, intId);
    assert.deepEqual([row.status, row.err], [MessageStatus.Prohibited, DeliveryError.SpamFilter], 'part 2 comes before part 3');
    assert.equal(await applyReceipt(store, 'smpp-a', 'p2', MessageStatus.Prohibited, DeliveryError.SpamFilter, T0 + 5), 'duplicate');
    assert.equal(await applyReceipt(store, 'smpp-a', 'p3', MessageStatus.Delivered, 0, T0 + 5), 'duplicate', 'a part keeps its first status');
    assert.deepEqual(await refunds(store), [{ int_id: intId, amount_minor: 450 }]);
    assert.equal(await balance(store, accountId), 10_000);
    await assert.rejects(applyReceipt(store, 'smpp-a', 'p1', MessageStatus.Transferred, 0, T0), /non-final/);
  });

  test(`${database.name}: duplicate receipts and receipts after expiry change nothing and refund nothing again`, async (t) => {
    const store = await freshStore(t, database);
    const accountId = await account(store, 10_000);
    const failed = await queue(store, accountId);
    const expired = await queue(store, accountId, { expires_at: T0 + 10 });
    await claimDue(store, { now: T0, leaseMs: LEASE, limit: 10 });
    await markTransferred(store, failed, 'smpp-a', ['f1'], T0 + 1);
    await markTransferred(store, expired, 'smpp-a', ['e1'], T0 + 1);

    assert.equal(await applyReceipt(store, 'smpp-a', 'f1', MessageStatus.Undeliverable, DeliveryError.SubscriberMissing, T0 + 2), 'applied');
    assert.equal(await applyReceipt(store, 'smpp-a', 'f1', MessageStatus.Undeliverable, DeliveryError.SubscriberMissing, T0 + 3), 'duplicate');
    assert.equal(await applyReceipt(store, 'smpp-a', 'f1', MessageStatus.Delivered, 0, T0 + 3), 'duplicate');
    assert.equal(await expireOverdue(store, T0 + 10, 10), 1);
    assert.equal(await applyReceipt(store, 'smpp-a', 'e1', MessageStatus.Undeliverable, DeliveryError.SubscriberMissing, T0 + 11), 'applied', 'the part records it');
    assert.deepEqual([(await message(store, expired)).status, (await message(store, expired)).err], [MessageStatus.Expired, DeliveryError.StatusNotReceived]);
    assert.deepEqual(await refunds(store), [
      { int_id: failed, amount_minor: 150 },
      { int_id: expired, amount_minor: 150 },
    ]);
    assert.equal(await balance(store, accountId), 10_000);
    assert.equal(await orphanCount(store), 0);
  });

  test(`${database.name}: a receipt before markTransferred is held as an orphan, then matched by markTransferred`, async (t) => {
    const store = await freshStore(t, database);
    const accountId = await account(store, 10_000);
    const single = await queue(store, accountId);
    const long = await queue(store, accountId, { sms_cnt: 2, cost_minor: 300 });
    await claimDue(store, { now: T0, leaseMs: LEASE, limit: 10 });

    // SMPP 3.4 §4.6: a deliver_sm may overtake the submit_sm_resp of the message it reports on.
    assert.equal(await applyReceipt(store, 'smpp-a', 's1', MessageStatus.Undeliverable, DeliveryError.SubscriberMissing, T0 + 1), 'orphan');
    assert.equal(await applyReceipt(store, 'smpp-a', 's1', MessageStatus.Undeliverable, DeliveryError.SubscriberMissing, T0 + 1), 'orphan', 'a repeat is held too');
    assert.equal(await applyReceipt(store, 'smpp-a', 'l2', MessageStatus.Delivered, 0, T0 + 1), 'orphan');
    assert.equal(await applyReceipt(store, 'smpp-b', 'l1', MessageStatus.Delivered, 0, T0 + 1), 'orphan', "another connector's l1");
    assert.equal(await orphanCount(store), 4);

    assert.equal(await markTransferred(store, single, 'smpp-a', ['s1'], T0 + 2), true);
    const row = await message(store, single);
    assert.deepEqual([row.status, row.err, row.status_at], [MessageStatus.Undeliverable, DeliveryError.SubscriberMissing, T0 + 2]);
    assert.equal(await markTransferred(store, long, 'smpp-a', ['l1', 'l2'], T0 + 2), true);
    assert.equal((await message(store, long)).status, MessageStatus.Transferred, 'part 1 still waits');
    assert.equal(await orphanCount(store), 1, "only smpp-b's receipt is left");
    assert.equal(await applyReceipt(store, 'smpp-a', 'l1', MessageStatus.Delivered, 0, T0 + 3), 'applied');
    assert.equal((await message(store, long)).status, MessageStatus.Delivered);
    assert.deepEqual(await refunds(store), [{ int_id: single, amount_minor: 150 }]);
    assert.equal(await balance(store, accountId), 10_000 - 300);
  });

  test(`${database.name}: matchOrphans applies held receipts whose parts appeared since; old ones stay and are counted`, async (t) => {
    const store = await freshStore(t, database);
    const accountId = await account(store, 10_000);
    const raced = await queue(store, accountId);
    const old = await queue(store, accountId);
    await claimDue(store, { now: T0, leaseMs: LEASE, limit: 10 });
    await markTransferred(store, raced, 'smpp-a', ['r1'], T0 + 1);
    await markTransferred(store, old, 'smpp-a', ['o1'], T0 + 1);
    // As PostgreSQL can commit them: each transaction missed the other's row.
    const orphan = (carrierId: string, receivedAt: number) => ({ connector: 'smpp-a', carrier_id: carrierId, status: 20, err: 1, received_at: receivedAt });
    await store.db.insertInto('orphan_receipts').values([orphan('r1', T0 + 1), orphan('o1', T0 - 8 * 24 * HOUR), orphan('unknown', T0)]).execute();

    const holdFrom = T0 - 7 * 24 * HOUR;
    assert.equal(await matchOrphans(store, holdFrom, T0 + 5), 1);
    const row = await message(store, raced);
    assert.deepEqual([row.status, row.err, row.status_at], [MessageStatus.Undeliverable, DeliveryError.SubscriberMissing, T0 + 5]);
    assert.equal((await message(store, old)).status, MessageStatus.Transferred, 'older than the hold: kept, not matched');
    assert.equal(await matchOrphans(store, holdFrom, T0 + 6), 0);
    assert.equal(await orphanCount(store), 2);
    assert.equal(await orphanCount(store, holdFrom), 1, 'the unmatched receipts past their hold');
    assert.deepEqual(await refunds(store), [{ int_id: raced, amount_minor: 150 }]);
    assert.equal(await balance(store, accountId), 10_000 - 150);
  });

  test(`${database.name}: receipts for all parts at once finish the message once`, async (t) => {
    const store = await freshStore(t, database);
    const accountId = await account(store, 100_000);
    const ids: number[] = [];
    for (let i = 0; i < 10; i++) ids.push(await queue(store, accountId, { sms_cnt: 4, cost_minor: 600 }));
    await claimDue(store, { now: T0, leaseMs: LEASE, limit: 10 });
    for (const intId of ids) await markTransferred(store, intId, 'smpp-a', [1, 2, 3, 4].map((p) => `${intId}-${p}`), T0 + 1);

    const results = await Promise.all(ids.flatMap((intId) => [1, 2, 3, 4].map((p) => applyReceipt(store, 'smpp-a', `${intId}-${p}`, p === 4 ? 20 : 1, p === 4 ? 1 : 0, T0 + 2))));
    assert.equal(results.filter((r) => r === 'applied').length, ids.length, 'exactly one receipt per message finishes it');
    for (const intId of ids) assert.equal((await message(store, intId)).status, MessageStatus.Undeliverable, `message ${intId}`);
    assert.equal((await refunds(store)).length, ids.length);
    assert.equal(await balance(store, accountId), 100_000);
  });
}
