// The history queries on both dialects: pinned SQL, index-served plans, keyset paging, channels, bounds and accounts.
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { CompiledQuery, sql } from 'kysely';
import { openStore, type Store } from '../../src/store/database.ts';
import type { NewMessage } from '../../src/store/schema.ts';
import { findCursor, findHistory, historyQuery, type HistoryQuery } from '../../src/store/history.ts';
import { createAccount } from '../../src/core/accounts.ts';
import { DATABASES, type DialectName, type TestDatabase } from '../support/databases.ts';

const T0 = 1_764_000_000_000;
const SECOND = 1000;

async function account(store: Store, login: string): Promise<number> {
  const created = await createAccount(store, { login, password: 'secret', currency: 'RUB', now: T0 });
  assert.ok('account' in created);
  return created.account.id;
}

function row(accountId: number, createdAt: number, fields: Partial<NewMessage> = {}): NewMessage {
  return {
    account_id: accountId, msg_id: '1', phone: '79161234567', kind: 0, channel: 0, sender: 'SMSC', body: 'hello', sms_cnt: 1,
    cost_minor: 150, status: 1, created_at: createdAt, status_at: createdAt, due_at: createdAt, expires_at: createdAt + 86_400_000, ...fields,
  };
}

/** Inserts rows in chunks; returns their int_ids in order. */
async function insert(store: Store, rows: NewMessage[]): Promise<number[]> {
  const ids: number[] = [];
  for (let i = 0; i < rows.length; i += 500) {
    const inserted = await store.db.insertInto('messages').values(rows.slice(i, i + 500)).returning('int_id').execute();
    ids.push(...inserted.map((r) => r.int_id));
  }
  return ids;
}

async function open(t: TestContext, database: TestDatabase): Promise<Store> {
  const { url, drop } = await database.create();
  t.after(drop);
  const store = await openStore(url);
  t.after(() => store.close());
  return store;
}

const ALL_SQL: Record<DialectName, string> = {
  sqlite: 'select * from "messages" where "account_id" = ? and "channel" = ? order by "created_at" desc, "int_id" desc limit ?',
  postgres: 'select * from "messages" where "account_id" = $1 and "channel" = $2 order by "created_at" desc, "int_id" desc limit $3',
};

const ADDRESS_DATES_CURSOR_SQL: Record<DialectName, string> = {
  sqlite:
    'select * from "messages" where "account_id" = ? and "channel" = ? and "phone" = ? and "created_at" >= ? and "created_at" < ? and ("created_at", "int_id") < (?, ?) order by "created_at" desc, "int_id" desc limit ?',
  postgres:
    'select * from "messages" where "account_id" = $1 and "channel" = $2 and "phone" = $3 and "created_at" >= $4 and "created_at" < $5 and ("created_at", "int_id") < ($6, $7) order by "created_at" desc, "int_id" desc limit $8',
};

/** The plan of `q` as text lines: SQLite's EXPLAIN QUERY PLAN details, PostgreSQL's EXPLAIN. */
async function plan(store: Store, q: HistoryQuery): Promise<string> {
  const compiled = historyQuery(store, q).compile();
  const explain = store.dialect === 'sqlite' ? 'explain query plan ' : 'explain ';
  const result = await store.db.executeQuery<Record<string, string>>(CompiledQuery.raw(explain + compiled.sql, [...compiled.parameters]));
  return result.rows.map((r) => r.detail ?? r['QUERY PLAN']).join('\n');
}

for (const database of DATABASES) {
  test(`${database.name}: the history SQL, all messages and address + dates + cursor`, async (t) => {
    const store = await open(t, database);
    const accountId = await account(store, 'demo');
    const all = historyQuery(store, { accountId, channel: 0, addresses: [], limit: 100 }).compile();
    assert.equal(all.sql, ALL_SQL[database.name]);
    assert.deepEqual(all.parameters, [accountId, 0, 100]);

    const cursor = { createdAt: T0 + 5 * SECOND, intId: 7 };
    const narrow: HistoryQuery = { accountId, channel: 0, addresses: ['79161234567'], sentFrom: T0, sentBefore: T0 + 10 * SECOND, after: cursor, limit: 100 };
    const compiled = historyQuery(store, narrow).compile();
    assert.equal(compiled.sql, ADDRESS_DATES_CURSOR_SQL[database.name]);
    assert.deepEqual(compiled.parameters, [accountId, 0, '79161234567', T0, T0 + 10 * SECOND, T0 + 5 * SECOND, 7, 100]);

    const ids = await insert(store, [
      row(accountId, T0 - 1),
      row(accountId, T0),
      row(accountId, T0 + 5 * SECOND),
      row(accountId, T0 + 5 * SECOND, { phone: '79160000000' }),
      row(accountId, T0 + 6 * SECOND),
    ]);
    const [, atFrom, atCursor, , latest] = ids;
    assert.deepEqual((await historyQuery(store, { ...narrow, after: undefined }).execute()).map((m) => m.int_id), [latest, atCursor, atFrom]);
    assert.deepEqual(
      (await historyQuery(store, { ...narrow, after: { createdAt: T0 + 5 * SECOND, intId: atCursor! } }).execute()).map((m) => m.int_id),
      [atFrom],
    );
  });

  test(`${database.name}: each history shape reads one of the two indexes, ordered without sorting the account`, async (t) => {
    const store = await open(t, database);
    const accounts = [await account(store, 'a'), await account(store, 'b'), await account(store, 'c')];
    const rows: NewMessage[] = [];
    for (let i = 0; i < 6000; i++) {
      const mail = i % 10 === 0;
      rows.push(row(accounts[i % 3]!, T0 + Math.floor(i / 4) * SECOND, { phone: mail ? `u${i % 50}@example.com` : `7916${String(i % 200).padStart(7, '0')}`, kind: mail ? 8 : 0, channel: mail ? 8 : 0 }));
    }
    await insert(store, rows);
    await sql`analyze`.execute(store.db);
    const accountId = accounts[0]!;
    const cursor = { createdAt: T0 + 1000 * SECOND, intId: 4000 };
    const cases: Array<{ name: string; q: HistoryQuery; index: string; ordered: boolean }> = [
      { name: 'all addresses', q: { accountId, channel: 0, addresses: [], limit: 10 }, index: 'messages_history', ordered: true },
      { name: 'all addresses after a cursor', q: { accountId, channel: 0, addresses: [], after: cursor, limit: 10 }, index: 'messages_history', ordered: true },
      { name: 'date range', q: { accountId, channel: 0, addresses: [], sentFrom: T0 + 100 * SECOND, sentBefore: T0 + 1400 * SECOND, limit: 10 }, index: 'messages_history', ordered: true },
      { name: 'date range after a cursor', q: { accountId, channel: 0, addresses: [], sentFrom: T0 + 100 * SECOND, sentBefore: T0 + 1400 * SECOND, after: cursor, limit: 10 }, index: 'messages_history', ordered: true },
      { name: 'single address', q: { accountId, channel: 0, addresses: ['79160000003'], limit: 10 }, index: 'messages_history_by_address', ordered: true },
      { name: 'single address, dates, cursor', q: { accountId, channel: 0, addresses: ['79160000003'], sentFrom: T0, sentBefore: T0 + 1400 * SECOND, after: cursor, limit: 10 }, index: 'messages_history_by_address', ordered: true },
      // Several addresses are several index ranges: merging them sorts the matching rows only.
      { name: 'several addresses', q: { accountId, channel: 0, addresses: ['79160000003', '79160000006'], limit: 10 }, index: 'messages_history_by_address', ordered: false },
    ];
    for (const { name, q, index, ordered } of cases) {
      const text = await plan(store, q);
      if (database.name === 'sqlite') {
        assert.match(text, new RegExp(`USING INDEX ${index} \\(account_id=\\? AND channel=\\?`), `${name}:\n${text}`);
        if (ordered) assert.doesNotMatch(text, /USE TEMP B-TREE FOR ORDER BY/, `${name}:\n${text}`);
        // The cursor is an index range, not a filter over every older row.
        if (q.after) assert.match(text, /created_at<\?/, `${name}:\n${text}`);
      } else {
        assert.match(text, new RegExp(` on ${index} |using ${index} on`), `${name}:\n${text}`);
        assert.doesNotMatch(text, /Seq Scan/, `${name}:\n${text}`);
        if (q.after) assert.match(text, /Index Cond: .*ROW\(created_at, int_id\) < ROW/, `${name}:\n${text}`);
        if (q.addresses.length === 0) {
          assert.match(text, /Index Scan Backward using messages_history on/, `${name}:\n${text}`);
          assert.doesNotMatch(text, /Sort/, `${name}:\n${text}`);
        } else {
          // For the few rows of some addresses PostgreSQL may prefer a bitmap scan and a sort: of those rows only.
          assert.match(text, /Index Cond: .*phone/, `${name}:\n${text}`);
        }
      }
    }
  });

  test(`${database.name}: paging 2,500 messages 1,000 at a time sees each once, newest first, ties inside one millisecond`, async (t) => {
    const store = await open(t, database);
    const accountId = await account(store, 'pager');
    const otherId = await account(store, 'other');
    const rows: NewMessage[] = [];
    // int_id order deliberately disagrees with time order, and most times are shared by many messages.
    for (let i = 0; i < 2500; i++) rows.push(row(accountId, T0 + ((i * 7919) % 40) * SECOND, { msg_id: String(i) }));
    for (let i = 0; i < 300; i++) rows.push(row(otherId, T0 + (i % 40) * SECOND));
    const ids = await insert(store, rows);
    const expected = rows
      .map((r, i) => ({ createdAt: r.created_at, intId: ids[i]!, accountId: r.account_id }))
      .filter((m) => m.accountId === accountId)
      .sort((a, b) => b.createdAt - a.createdAt || b.intId - a.intId)
      .map((m) => m.intId);

    const seen: number[] = [];
    const pages: number[] = [];
    let after: { createdAt: number; intId: number } | undefined;
    for (;;) {
      const page = await findHistory(store, { accountId, channel: 0, addresses: [], after, limit: 1000 });
      if (page.length === 0) break;
      pages.push(page.length);
      seen.push(...page.map((m) => m.int_id));
      after = await findCursor(store, accountId, page.at(-1)!.int_id);
      assert.ok(after);
    }
    assert.deepEqual(pages, [1000, 1000, 500]);
    assert.equal(new Set(seen).size, 2500, 'no message twice');
    assert.deepEqual(seen, expected, 'every message once, newest first');
  });

  test(`${database.name}: SMS and flash are channel 0, e-mail channel 8; addresses filter by exact stored form`, async (t) => {
    const store = await open(t, database);
    const accountId = await account(store, 'demo');
    const [sms, flash, mail, other] = await insert(store, [
      row(accountId, T0, { kind: 0, channel: 0 }),
      row(accountId, T0 + 1, { kind: 1, channel: 0, phone: '79160000000' }),
      row(accountId, T0 + 2, { kind: 8, channel: 8, phone: 'user@example.com' }),
      row(accountId, T0 + 3, { phone: '79169999999' }),
    ]);
    const history = async (q: Partial<HistoryQuery>) =>
      (await findHistory(store, { accountId, channel: 0, addresses: [], limit: 100, ...q })).map((m) => m.int_id);
    assert.deepEqual(await history({}), [other, flash, sms]);
    assert.deepEqual(await history({ channel: 8 }), [mail]);
    assert.deepEqual(await history({ addresses: ['79161234567', '79160000000'] }), [flash, sms]);
    assert.deepEqual(await history({ channel: 8, addresses: ['user@example.com'] }), [mail]);
    assert.deepEqual(await history({ addresses: ['user@example.com'] }), [], 'an e-mail is not in the SMS history');
    assert.deepEqual(await history({ limit: 2 }), [other, flash]);
  });

  test(`${database.name}: sentFrom is inclusive, sentBefore exclusive`, async (t) => {
    const store = await open(t, database);
    const accountId = await account(store, 'demo');
    const from = T0;
    const before = T0 + 86_400_000;
    const [, first, last] = await insert(store, [row(accountId, from - 1), row(accountId, from), row(accountId, before - 1), row(accountId, before)]);
    const page = await findHistory(store, { accountId, channel: 0, addresses: [], sentFrom: from, sentBefore: before, limit: 100 });
    assert.deepEqual(page.map((m) => m.int_id), [last, first]);
  });

  test(`${database.name}: one account never sees another's messages, nor pages from one of them`, async (t) => {
    const store = await open(t, database);
    const mine = await account(store, 'mine');
    const theirs = await account(store, 'theirs');
    const [own, foreign] = await insert(store, [row(mine, T0), row(theirs, T0 + 1)]);
    assert.deepEqual((await findHistory(store, { accountId: mine, channel: 0, addresses: [], limit: 100 })).map((m) => m.int_id), [own]);
    assert.deepEqual((await findHistory(store, { accountId: theirs, channel: 0, addresses: ['79161234567'], limit: 100 })).map((m) => m.int_id), [foreign]);
    assert.deepEqual(await findCursor(store, mine, own!), { createdAt: T0, intId: own });
    assert.equal(await findCursor(store, mine, foreign!), undefined, "another account's int_id is no cursor");
    assert.equal(await findCursor(store, mine, foreign! + 1000), undefined);
  });
}
