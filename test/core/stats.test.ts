// readStats and the ledger sums on both databases: days in the account's zone, cnt, credit, debit, the period rules.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import type { Store } from '../../src/store/database.ts';
import type { Account, NewLedgerEntry } from '../../src/store/schema.ts';
import { createAccount } from '../../src/core/accounts.ts';
import { readStats } from '../../src/core/stats.ts';
import { appendLedger, ledgerSumsQuery } from '../../src/store/ledger.ts';
import type { StatCommand } from '../../src/wire/stat-request.ts';
import type { StatRow } from '../../src/wire/stat-response.ts';
import { DATABASES, freshStore } from '../support/databases.ts';

const MOSCOW = 180;
const MINUTE = 60_000;
const DAY = 86_400_000;
/** 01.04.2025 12:00 UTC, 15:00 in Moscow. */
const NOW = Date.UTC(2025, 3, 1, 12);
const OPTIONS = { now: NOW, moscowUtcOffsetMinutes: MOSCOW };
const MARCH_15 = { year: 2025, month: 3, day: 15 };

/** A new account without money, `tzOffsetHours` hours from Moscow. */
async function account(store: Store, login: string, tzOffsetHours = 0): Promise<Account> {
  const created = await createAccount(store, { login, password: 'secret', currency: 'RUB', now: NOW });
  assert.ok('account' in created);
  return store.db.updateTable('accounts').set({ tz_offset_hours: tzOffsetHours }).where('id', '=', created.account.id).returningAll().executeTakeFirstOrThrow();
}

type Entry = Pick<NewLedgerEntry, 'kind' | 'amount_minor' | 'created_at'> & Partial<NewLedgerEntry>;

/** Appends entries to the account's ledger (the balance itself is not what these tests read). */
async function enter(store: Store, owner: Account, entries: Entry[]): Promise<void> {
  // Every row names every column: SQLite has no DEFAULT inside a multi-row VALUES, and kysely writes NULL there.
  await appendLedger(store.db, entries.map((e) => ({ account_id: owner.id, int_id: null, msg_id: null, messages: 0, ...e })));
}

/** The one row of the account's statistics, or the error's name. */
async function stats(store: Store, owner: Account, command: StatCommand, options = OPTIONS): Promise<StatRow | string> {
  const result = await readStats(store, owner, command, options);
  if ('error' in result) return result.error;
  assert.equal(result.length, 1, 'one row: the account itself');
  return result[0]!;
}

function row(owner: Account, totals: Pick<StatRow, 'messages' | 'spentMinor' | 'creditedMinor'>): StatRow {
  return { login: owner.login, currency: 'RUB', ...totals };
}

for (const database of DATABASES) {
  test(`${database.name}: a day runs from 00:00 to 24:00 in the account's zone (Moscow + tz), not in Moscow's`, async (t) => {
    const store = await freshStore(t, database);
    for (const tz of [-5, 4]) {
      const owner = await account(store, `tz${tz}`, tz);
      // 15.03.2025 00:00 at UTC+(3+tz); each top-up has its own power of ten, so the sum names the entries counted.
      const start = Date.UTC(2025, 2, 15) - (MOSCOW + tz * 60) * MINUTE;
      await enter(store, owner, [
        { kind: 'topup', amount_minor: 1, created_at: start - 1 },
        { kind: 'topup', amount_minor: 10, created_at: start },
        { kind: 'topup', amount_minor: 100, created_at: start + DAY - 1 },
        { kind: 'topup', amount_minor: 1000, created_at: start + DAY },
      ]);
      const day = await stats(store, owner, { from: MARCH_15, to: MARCH_15 });
      assert.deepEqual(day, row(owner, { messages: 0, spentMinor: 0, creditedMinor: 110 }), `tz ${tz}: the whole of 15.03, nothing else`);
      const upToNow = await stats(store, owner, { from: MARCH_15 });
      assert.deepEqual(upToNow, row(owner, { messages: 0, spentMinor: 0, creditedMinor: 1110 }), `tz ${tz}: from 15.03 up to now`);
    }
  });

  test(`${database.name}: cnt counts messages paid for, net of refunds; credit is holds less refunds; debit is top-ups and adjustments`, async (t) => {
    const store = await freshStore(t, database);
    const owner = await account(store, 'owner');
    const other = await account(store, 'other');
    const at = NOW - DAY;
    await enter(store, owner, [
      { kind: 'topup', amount_minor: 10_000, created_at: at },
      { kind: 'hold', amount_minor: -450, msg_id: '1', messages: 3, created_at: at },
      { kind: 'hold', amount_minor: -300, msg_id: '2', messages: 1, created_at: at },
      { kind: 'refund', amount_minor: 150, int_id: 11, messages: -1, created_at: at },
      { kind: 'refund', amount_minor: 300, int_id: 12, messages: -1, created_at: at },
      { kind: 'adjust', amount_minor: -2_000, created_at: at },
      { kind: 'adjust', amount_minor: 75, created_at: at },
    ]);
    // Another account's entries on the same day never count.
    await enter(store, other, [
      { kind: 'topup', amount_minor: 99_900, created_at: at },
      { kind: 'hold', amount_minor: -150, msg_id: '1', messages: 1, created_at: at },
    ]);
    const totals = await stats(store, owner, { from: { year: 2025, month: 3, day: 31 } });
    // 4 charged − 2 refunded; 750 held − 450 refunded; 10,000 + 75 − 2,000.
    assert.deepEqual(totals, row(owner, { messages: 2, spentMinor: 300, creditedMinor: 8_075 }));
  });

  test(`${database.name}: a refund whose hold came before the period makes cnt and credit negative, and opening + debit − credit = closing`, async (t) => {
    const store = await freshStore(t, database);
    const owner = await account(store, 'owner');
    const march14 = Date.UTC(2025, 2, 14, 12);
    const march15 = march14 + DAY;
    await enter(store, owner, [
      { kind: 'topup', amount_minor: 1_000, created_at: march14 },
      { kind: 'hold', amount_minor: -300, msg_id: '1', messages: 2, created_at: march14 },
      { kind: 'refund', amount_minor: 150, int_id: 1, messages: -1, created_at: march15 },
      { kind: 'refund', amount_minor: 150, int_id: 2, messages: -1, created_at: march15 },
      { kind: 'topup', amount_minor: 50, created_at: march15 },
    ]);
    const day = await stats(store, owner, { from: MARCH_15, to: MARCH_15 });
    assert.deepEqual(day, row(owner, { messages: -2, spentMinor: -300, creditedMinor: 50 }));
    const before = await stats(store, owner, { from: { year: 2025, month: 3, day: 1 }, to: { year: 2025, month: 3, day: 14 } });
    assert.deepEqual(before, row(owner, { messages: 2, spentMinor: 300, creditedMinor: 1_000 }));
    const opening = 1_000 - 300;
    const closing = 1_000 - 300 + 150 + 150 + 50;
    assert.ok(typeof day !== 'string');
    assert.equal(opening + day.creditedMinor - day.spentMinor, closing, 'opening + debit − credit = closing balance');
  });

  test(`${database.name}: an empty period answers zeros, and without an end the start may be at most six months back`, async (t) => {
    const store = await freshStore(t, database);
    const owner = await account(store, 'owner');
    const zeros = row(owner, { messages: 0, spentMinor: 0, creditedMinor: 0 });
    assert.deepEqual(await stats(store, owner, { from: { year: 2025, month: 1, day: 1 }, to: { year: 2025, month: 1, day: 2 } }), zeros);
    // Today is 01.04.2025 in Moscow; six months before is 01.10.2024.
    assert.deepEqual(await stats(store, owner, { from: { year: 2024, month: 10, day: 1 } }), zeros, 'exactly six months back');
    assert.equal(await stats(store, owner, { from: { year: 2024, month: 9, day: 30 } }), 'parameters', 'from 30.09.2024 the six months end on 30.03.2025');
    // At 23:00 Moscow time on 30.03 it is already 31.03 for an account at Moscow + 2.
    const lateEvening = { ...OPTIONS, now: Date.UTC(2025, 2, 30, 20) };
    assert.deepEqual(await stats(store, owner, { from: { year: 2024, month: 9, day: 30 } }, lateEvening), zeros, 'Moscow: still 30.03');
    const east = await account(store, 'east', 2);
    assert.equal(await stats(store, east, { from: { year: 2024, month: 9, day: 30 } }, lateEvening), 'parameters', 'Moscow + 2: already 31.03');
  });

  test(`${database.name}: the sums read the ledger_by_time index`, async (t) => {
    const store = await freshStore(t, database);
    const query = ledgerSumsQuery(store.db, { accountId: 1, from: 0, to: NOW }).compile();
    const plan = await store.db.transaction().execute(async (trx) => {
      if (database.name === 'sqlite') {
        const rows = await trx.executeQuery<{ detail: string }>({ ...query, sql: `explain query plan ${query.sql}` });
        return rows.rows.map((r) => r.detail).join('\n');
      }
      // An empty table is cheapest to scan; the plan worth pinning is the one a large ledger gets.
      await sql`set local enable_seqscan = off`.execute(trx);
      const rows = await trx.executeQuery<{ 'QUERY PLAN': string }>({ ...query, sql: `explain ${query.sql}` });
      return rows.rows.map((r) => r['QUERY PLAN']).join('\n');
    });
    assert.match(plan, /ledger_by_time/, plan);
  });
}
