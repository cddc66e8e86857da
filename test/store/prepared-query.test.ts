// Prepared queries on both dialects: compiled once, run with new values in their slots, constants kept, in transactions too.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { preparedQuery, type SlotOf } from '../../src/store/prepared-query.ts';
import { insertMessages } from '../../src/store/messages.ts';
import { collectGarbage } from '../support/collect-garbage.ts';
import { DATABASES, freshStore, type DialectName } from '../support/databases.ts';
import type { Store } from '../../src/store/database.ts';

const T0 = 1_764_000_000_000;

/** Counts how often the builder runs: it must run once per dialect, however often the query does. */
let builds = 0;
const creditOne = preparedQuery((db, slot: SlotOf<{ login: string; amount: number }>) => {
  builds += 1;
  return db
    .updateTable('accounts')
    // The constant 1 is compiled as a parameter too, and must be kept at every run.
    .set((eb) => ({ balance_minor: eb('balance_minor', '+', slot((a) => a.amount)), next_msg_id: eb('next_msg_id', '+', 1) }))
    .where('login', '=', slot((a) => a.login))
    .returning(['balance_minor', 'next_msg_id']);
});

const CREDIT_SQL: Record<DialectName, string> = {
  sqlite: 'update "accounts" set "balance_minor" = "balance_minor" + ?, "next_msg_id" = "next_msg_id" + ? where "login" = ? returning "balance_minor", "next_msg_id"',
  postgres: 'update "accounts" set "balance_minor" = "balance_minor" + $1, "next_msg_id" = "next_msg_id" + $2 where "login" = $3 returning "balance_minor", "next_msg_id"',
};

for (const database of DATABASES) {
  test(`${database.name}: a prepared query is built once and runs with each call's values, constants kept`, async (t) => {
    const store = await freshStore(t, database);
    for (const login of ['a', 'b']) {
      await store.db.insertInto('accounts').values({ login, password_hash: 'x', balance_minor: 100, currency: 'RUB', next_msg_id: 1, created_at: T0 }).execute();
    }
    const before = builds;
    assert.equal(creditOne.sqlFor(store.db), CREDIT_SQL[database.name]);
    assert.deepEqual((await creditOne.run(store.db, { login: 'a', amount: 5 })).rows, [{ balance_minor: 105, next_msg_id: 2 }]);
    assert.deepEqual((await creditOne.run(store.db, { login: 'b', amount: 7 })).rows, [{ balance_minor: 107, next_msg_id: 2 }]);
    const inTransaction = await store.db.transaction().execute((trx) => creditOne.run(trx, { login: 'a', amount: 10 }));
    assert.deepEqual(inTransaction.rows, [{ balance_minor: 115, next_msg_id: 3 }]);
    assert.deepEqual((await creditOne.run(store.db, { login: 'nobody', amount: 1 })).rows, []);
    assert.ok(builds - before <= 1, `built ${builds - before} times for one dialect`);
  });

  test(`${database.name}: insertMessages takes any row count and returns the ids in order, a missing value as NULL`, async (t) => {
    const store = await freshStore(t, database);
    const row = await messageRowsFor(store);
    for (const count of [1, 3, 1, 3, 501]) {
      const phones = Array.from({ length: count }, (_, i) => `7916${count}${String(i).padStart(6, '0')}`);
      const ids = await insertMessages(store.db, phones.map(row));
      const stored = await store.db.selectFrom('messages').select(['int_id', 'phone', 'carrier_id', 'subject']).where('int_id', 'in', ids).orderBy('int_id').execute();
      assert.deepEqual(stored.map((r) => r.phone), phones, `${count} rows in order`);
      assert.deepEqual(stored.map((r) => r.int_id), ids);
      assert.ok(stored.every((r) => r.carrier_id === null && r.subject === ''), 'undefined is NULL, a column not named takes its default');
    }
  });

  test(`${database.name}: the inserts kept for reuse stay small however many row counts come`, async (t) => {
    const store = await freshStore(t, database);
    const row = await messageRowsFor(store);
    const insertRows = (count: number) => insertMessages(store.db, Array.from({ length: count }, (_, i) => row(`7916${String(i).padStart(7, '0')}`)));
    // A few small inserts first bring the pool, the driver and kysely to their working size.
    for (const count of [1, 2, 3]) await insertRows(count);
    collectGarbage();
    const before = process.memoryUsage().heapUsed;
    for (let count = 500; count > 400; count--) await insertRows(count);
    collectGarbage();
    // 100 shapes of 14 columns and 400-500 rows are 630,000 parameters: kept, even the last 64 would hold about 55 MB.
    const growthMb = (process.memoryUsage().heapUsed - before) / 2 ** 20;
    t.diagnostic(`heap grew ${growthMb.toFixed(1)} MB`);
    assert.ok(growthMb < 8, `heap grew ${growthMb.toFixed(1)} MB`);
  });
}

/** Creates an account and returns a maker of its message rows: 14 columns, one of them undefined. */
async function messageRowsFor(store: Store) {
  const { id } = await store.db
    .insertInto('accounts')
    .values({ login: 'm', password_hash: 'x', currency: 'RUB', created_at: T0 })
    .returning('id')
    .executeTakeFirstOrThrow();
  return (phone: string) => ({
    account_id: id, msg_id: '1', phone, kind: 0, sender: 'SMSC', body: `to ${phone}`, sms_cnt: 1, cost_minor: 0, status: -1,
    created_at: T0, status_at: T0, due_at: T0, expires_at: T0 + 1000, carrier_id: undefined,
  });
}
