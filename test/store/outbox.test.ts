// The outbox queries on both dialects: claiming under leases, expiry, and final statuses that refund exactly once.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openStore, type Store } from '../../src/store/database.ts';
import type { NewMessage } from '../../src/store/schema.ts';
import { applyFinal, claimDue, claimDueQuery, expireOverdue, listInFlight, markTransferred, releaseLease } from '../../src/store/outbox.ts';
import { DeliveryError, MessageStatus } from '../../src/wire/statuses.ts';
import { DATABASES, type DialectName } from '../support/databases.ts';

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

const CLAIM_SQL: Record<DialectName, string> = {
  sqlite:
    'update "messages" set "lease_until" = ?, "attempts" = "attempts" + ? where "int_id" in (select "int_id" from "messages" where "status" = ? and "due_at" <= ? and "expires_at" > ? and ("lease_until" is null or "lease_until" < ?) order by "due_at", "int_id" limit ?) returning "int_id", "phone", "kind", "sender", "subject", "body", "due_at", "attempts"',
  postgres:
    'update "messages" set "lease_until" = $1, "attempts" = "attempts" + $2 where "int_id" in (select "int_id" from "messages" where "status" = $3 and "due_at" <= $4 and "expires_at" > $5 and ("lease_until" is null or "lease_until" < $6) order by "due_at", "int_id" limit $7 for update skip locked) returning "int_id", "phone", "kind", "sender", "subject", "body", "due_at", "attempts"',
};

for (const database of DATABASES) {
  test(`${database.name}: claimDue is one UPDATE … IN (SELECT … LIMIT), with SKIP LOCKED only on PostgreSQL`, async (t) => {
    const { url, drop } = await database.create();
    t.after(drop);
    const store = await openStore(url);
    t.after(() => store.close());
    const compiled = claimDueQuery(store, { now: T0, leaseMs: LEASE, limit: 10 }).compile();
    assert.equal(compiled.sql, CLAIM_SQL[database.name]);
    assert.deepEqual(compiled.parameters, [T0 + LEASE, 1, MessageStatus.Waiting, T0, T0, T0, 10]);
    assert.equal(compiled.sql.includes('skip locked'), database.name === 'postgres');

    const accountId = await account(store, 1000);
    const intId = await queue(store, accountId);
    const rows = await claimDueQuery(store, { now: T0, leaseMs: LEASE, limit: 10 }).execute();
    assert.deepEqual(rows.map((r) => r.int_id), [intId]);
  });

  test(`${database.name}: claims due messages oldest first, excludes leased ones, reclaims after the lease`, async (t) => {
    const { url, drop } = await database.create();
    t.after(drop);
    const store = await openStore(url);
    t.after(() => store.close());
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
    const { url, drop } = await database.create();
    t.after(drop);
    const store = await openStore(url);
    t.after(() => store.close());
    const accountId = await account(store, 1000);
    const intId = await queue(store, accountId);
    assert.equal((await claimDue(store, { now: T0, leaseMs: LEASE, limit: 10 })).length, 1);
    await releaseLease(store, intId, T0 + 100);
    assert.equal((await claimDue(store, { now: T0 + 50, leaseMs: LEASE, limit: 10 })).length, 0);
    assert.deepEqual((await claimDue(store, { now: T0 + 101, leaseMs: LEASE, limit: 10 })).map((m) => m.int_id), [intId]);
  });

  test(`${database.name}: expired messages are not claimed; expireOverdue makes them 3/245 and refunds them`, async (t) => {
    const { url, drop } = await database.create();
    t.after(drop);
    const store = await openStore(url);
    t.after(() => store.close());
    const accountId = await account(store, 10_000);
    const waiting = await queue(store, accountId, { expires_at: T0 });
    const transferred = await queue(store, accountId, { expires_at: T0 - 1, status: MessageStatus.Transferred, connector: 'simulator', carrier_id: 'c-1' });
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
    const { url, drop } = await database.create();
    t.after(drop);
    const store = await openStore(url);
    t.after(() => store.close());
    const accountId = await account(store, 10_000);
    for (let i = 0; i < 5; i++) await queue(store, accountId, { expires_at: T0 - i });
    assert.equal(await expireOverdue(store, T0, 2), 2);
    assert.equal(await expireOverdue(store, T0, 10), 3);
    assert.equal(await balance(store, accountId), 10_000);
  });

  test(`${database.name}: a final status applies once; only failures are refunded, exactly once`, async (t) => {
    const { url, drop } = await database.create();
    t.after(drop);
    const store = await openStore(url);
    t.after(() => store.close());
    const accountId = await account(store, 10_000);
    const failed = await queue(store, accountId);
    const delivered = await queue(store, accountId);
    const rejected = await queue(store, accountId);
    const otherConnector = await queue(store, accountId);
    await claimDue(store, { now: T0, leaseMs: LEASE, limit: 10 });

    assert.equal(await markTransferred(store, failed, { connector: 'simulator', carrierId: 'c-1', now: T0 + 1 }), true);
    assert.equal(await markTransferred(store, failed, { connector: 'simulator', carrierId: 'c-9', now: T0 + 1 }), false, 'only a waiting message is transferred');
    assert.equal(await markTransferred(store, delivered, { connector: 'simulator', carrierId: 'c-2', now: T0 + 1 }), true);
    assert.equal(await markTransferred(store, otherConnector, { connector: 'smpp', carrierId: 'c-1', now: T0 + 1 }), true);
    const transferred = await message(store, failed);
    assert.deepEqual([transferred.status, transferred.connector, transferred.carrier_id, transferred.status_at, transferred.lease_until], [MessageStatus.Transferred, 'simulator', 'c-1', T0 + 1, null]);
    assert.deepEqual((await listInFlight(store, 'simulator')).sort((a, b) => a.carrierId.localeCompare(b.carrierId)), [
      { carrierId: 'c-1', address: '79161234567' },
      { carrierId: 'c-2', address: '79161234567' },
    ]);

    const undeliverable = { status: MessageStatus.Undeliverable, err: DeliveryError.SubscriberMissing, now: T0 + 2 };
    assert.equal(await applyFinal(store, { connector: 'simulator', carrierId: 'c-1' }, undeliverable), true);
    assert.equal(await applyFinal(store, { connector: 'simulator', carrierId: 'c-1' }, undeliverable), false, 'a duplicate receipt');
    assert.equal(await applyFinal(store, { connector: 'simulator', carrierId: 'c-1' }, { status: MessageStatus.Delivered, err: 0, now: T0 + 3 }), false);
    assert.equal(await applyFinal(store, { connector: 'simulator', carrierId: 'unknown' }, undeliverable), false);
    assert.equal(await applyFinal(store, { connector: 'simulator', carrierId: 'c-2' }, { status: MessageStatus.Delivered, err: 0, now: T0 + 2 }), true);
    assert.equal(await applyFinal(store, { connector: 'simulator', carrierId: 'c-2' }, undeliverable), false, 'a failure after delivery');
    assert.equal(await applyFinal(store, { intId: rejected }, { status: MessageStatus.InvalidNumber, err: DeliveryError.InvalidNumberFormat, now: T0 + 2 }), true);
    await assert.rejects(applyFinal(store, { intId: otherConnector }, { status: MessageStatus.Transferred, err: 0, now: T0 }), /non-final/);

    const row = await message(store, failed);
    assert.deepEqual([row.status, row.err, row.status_at], [MessageStatus.Undeliverable, DeliveryError.SubscriberMissing, T0 + 2]);
    const rejectedRow = await message(store, rejected);
    assert.deepEqual([rejectedRow.status, rejectedRow.err, rejectedRow.lease_until], [MessageStatus.InvalidNumber, DeliveryError.InvalidNumberFormat, null]);
    assert.equal((await message(store, delivered)).status, MessageStatus.Delivered);
    assert.equal((await message(store, otherConnector)).status, MessageStatus.Transferred, "another connector's c-1 is untouched");
    assert.deepEqual(await refunds(store), [
      { int_id: failed, amount_minor: 150 },
      { int_id: rejected, amount_minor: 150 },
    ]);
    assert.equal(await balance(store, accountId), 10_000 - 2 * 150);
    assert.deepEqual(await listInFlight(store, 'simulator'), []);
  });
}
