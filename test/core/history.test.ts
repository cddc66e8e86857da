// readHistory on both databases: calendar days in the account's zone, the six-month rule, addresses, paging, error 3.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Store } from '../../src/store/database.ts';
import type { Account, NewMessage } from '../../src/store/schema.ts';
import { createAccount } from '../../src/core/accounts.ts';
import { readHistory } from '../../src/core/history.ts';
import type { HistoryCommand, HistoryRecord } from '../../src/wire/types.ts';
import { DATABASES, freshStore } from '../support/databases.ts';

const MOSCOW = 180;
const MINUTE = 60_000;
const DAY = 86_400_000;
/** 01.04.2025 12:00 UTC, 15:00 in Moscow. */
const NOW = Date.UTC(2025, 3, 1, 12);
const OPTIONS = { now: NOW, moscowUtcOffsetMinutes: MOSCOW };

/** A new account `tzOffsetHours` hours from Moscow. */
async function account(store: Store, login: string, tzOffsetHours = 0): Promise<Account> {
  const created = await createAccount(store, { login, password: 'secret', currency: 'RUB', now: NOW });
  assert.ok('account' in created);
  return store.db.updateTable('accounts').set({ tz_offset_hours: tzOffsetHours }).where('id', '=', created.account.id).returningAll().executeTakeFirstOrThrow();
}

async function insert(store: Store, accountId: number, rows: Array<Partial<NewMessage>>): Promise<number[]> {
  const values = rows.map((fields): NewMessage => ({
    account_id: accountId, msg_id: '1', phone: '79161234567', kind: 0, channel: 0, sender: 'SMSC', body: 'hello', sms_cnt: 1,
    cost_minor: 150, status: 1, created_at: NOW - DAY, status_at: NOW - DAY, due_at: NOW - DAY, expires_at: NOW, ...fields,
  }));
  const inserted = await store.db.insertInto('messages').values(values).returning('int_id').execute();
  return inserted.map((r) => r.int_id);
}

function command(fields: Partial<HistoryCommand> = {}): HistoryCommand {
  return { channel: 'sms', addresses: [], limit: 100, ...fields };
}

/** The int_ids answered, or the error's name. */
async function read(store: Store, account: Account, fields: Partial<HistoryCommand>, options = OPTIONS): Promise<number[] | string> {
  const result = await readHistory(store, account, command(fields), options);
  return 'error' in result ? result.error : result.map((r: HistoryRecord) => r.intId);
}

for (const database of DATABASES) {
  test(`${database.name}: a day runs from 00:00 to 24:00 in the account's zone (Moscow + tz)`, async (t) => {
    const store = await freshStore(t, database);
    for (const tz of [-3, 0, 4]) {
      const owner = await account(store, `tz${tz}`, tz);
      // 15.03.2025 00:00 at UTC+(3+tz).
      const start = Date.UTC(2025, 2, 15) - (MOSCOW + tz * 60) * MINUTE;
      const [before, first, last, after] = await insert(store, owner.id, [
        { created_at: start - 1 },
        { created_at: start },
        { created_at: start + DAY - 1 },
        { created_at: start + DAY },
      ]);
      const day = { year: 2025, month: 3, day: 15 };
      assert.deepEqual(await read(store, owner, { from: day, to: day }), [last, first], `tz ${tz}: the whole of 15.03, nothing else`);
      assert.deepEqual(await read(store, owner, { from: day }), [after, last, first], `tz ${tz}: from 15.03 up to now`);
      assert.deepEqual(await read(store, owner, {}), [after, last, first, before], `tz ${tz}: no period`);
      assert.deepEqual(await read(store, owner, { from: { year: 2025, month: 3, day: 1 }, to: { year: 2025, month: 3, day: 14 } }), [before]);
    }
  });

  test(`${database.name}: the last day of a month or year runs into the first of the next`, async (t) => {
    const store = await freshStore(t, database);
    const owner = await account(store, 'demo');
    const newYear = Date.UTC(2025, 0, 1) - MOSCOW * MINUTE;
    const [last, next] = await insert(store, owner.id, [{ created_at: newYear - 1 }, { created_at: newYear }]);
    const eve = { year: 2024, month: 12, day: 31 };
    assert.deepEqual(await read(store, owner, { from: eve, to: eve }), [last]);
    assert.deepEqual(await read(store, owner, { from: { year: 2025, month: 1, day: 1 }, to: { year: 2025, month: 1, day: 1 } }), [next]);
  });

  test(`${database.name}: without an end, a start more than six months before today (account zone) is error 1`, async (t) => {
    const store = await freshStore(t, database);
    const moscow = await account(store, 'moscow');
    const london = await account(store, 'utc', -3);
    // 01.07.2025 21:30 UTC: already 02.07 in Moscow, still 01.07 at UTC.
    const options = { now: Date.UTC(2025, 6, 1, 21, 30), moscowUtcOffsetMinutes: MOSCOW };
    const january = { year: 2025, month: 1, day: 1 };
    assert.equal(await read(store, moscow, { from: january }, options), 'parameters');
    assert.equal(await read(store, moscow, { from: { year: 2025, month: 1, day: 2 } }, options), 'recordNotFound');
    assert.equal(await read(store, london, { from: january }, options), 'recordNotFound');
    assert.equal(await read(store, moscow, { from: { year: 2024, month: 1, day: 1 }, to: { year: 2024, month: 2, day: 1 } }, options), 'recordNotFound', 'with an end the wire checks the span');

    // Six months after 31.08 is the end of February.
    const endOfAugust = { year: 2024, month: 8, day: 31 };
    const lastFebruaryDay = { now: Date.UTC(2025, 1, 28, 12), moscowUtcOffsetMinutes: MOSCOW };
    const firstMarchDay = { now: Date.UTC(2025, 2, 1, 12), moscowUtcOffsetMinutes: MOSCOW };
    assert.equal(await read(store, moscow, { from: endOfAugust }, lastFebruaryDay), 'recordNotFound');
    assert.equal(await read(store, moscow, { from: endOfAugust }, firstMarchDay), 'parameters');
  });

  test(`${database.name}: addresses are matched in stored form; invalid ones match nothing`, async (t) => {
    const store = await freshStore(t, database);
    const owner = await account(store, 'demo');
    const [phone, other, mail] = await insert(store, owner.id, [
      { phone: '79161234567', created_at: NOW - 3 * MINUTE },
      { phone: '79160000000', created_at: NOW - 2 * MINUTE },
      { phone: 'User@example.com', kind: 8, channel: 8, created_at: NOW - MINUTE },
    ]);
    assert.deepEqual(await read(store, owner, { addresses: ['89161234567'] }), [phone], 'the trunk prefix 8 reads as 7');
    assert.deepEqual(await read(store, owner, { addresses: ['+7 (916) 123-45-67'] }), [phone]);
    assert.deepEqual(await read(store, owner, { addresses: ['89161234567', '79161234567'] }), [phone], 'one address twice is one filter term');
    assert.deepEqual(await read(store, owner, { addresses: ['12', '89160000000', '89161234567'] }), [other, phone]);
    assert.equal(await read(store, owner, { addresses: ['12'] }), 'recordNotFound');
    assert.deepEqual(await read(store, owner, { channel: 'mail', addresses: [' User@EXAMPLE.com'] }), [mail]);
    assert.deepEqual(await read(store, owner, { channel: 'mail' }), [mail]);
    assert.equal(await read(store, owner, { channel: 'mail', addresses: ['user'] }), 'recordNotFound');
    assert.equal(await read(store, owner, { addresses: ['User@example.com'] }), 'recordNotFound', 'e-mail is not the SMS history');
  });

  test(`${database.name}: pages continue after prev_id; a foreign or unknown prev_id is error 3`, async (t) => {
    const store = await freshStore(t, database);
    const owner = await account(store, 'demo');
    const stranger = await account(store, 'stranger');
    assert.equal(await read(store, owner, {}), 'recordNotFound', 'an account with no messages');
    const [oldest, middle, newest] = await insert(store, owner.id, [
      { created_at: NOW - 3 * MINUTE },
      { created_at: NOW - 2 * MINUTE },
      { created_at: NOW - 2 * MINUTE },
    ]);
    const [foreign] = await insert(store, stranger.id, [{ created_at: NOW - MINUTE }]);
    assert.deepEqual(await read(store, owner, { limit: 2 }), [newest, middle]);
    assert.deepEqual(await read(store, owner, { limit: 2, beforeIntId: middle }), [oldest]);
    assert.equal(await read(store, owner, { beforeIntId: oldest }), 'recordNotFound');
    assert.equal(await read(store, owner, { beforeIntId: foreign }), 'recordNotFound', "another account's message is answered as missing");
    assert.equal(await read(store, owner, { beforeIntId: foreign! + 100 }), 'recordNotFound');
    assert.deepEqual(await read(store, stranger, {}), [foreign]);
  });

  test(`${database.name}: a message becomes a HistoryRecord field by field`, async (t) => {
    const store = await freshStore(t, database);
    const owner = await account(store, 'demo');
    const [intId] = await insert(store, owner.id, [
      {
        msg_id: 'order-7', phone: '79161234567', kind: 1, sender: 'Shop', body: 'Code 1234', sms_cnt: 2, cost_minor: 300, status: 20, err: 1,
        created_at: NOW - 5 * MINUTE, status_at: NOW - MINUTE, mccmnc: '25001', country: 'Russia', operator: 'MTS', region: 'Moscow',
      },
    ]);
    const expected: HistoryRecord = {
      status: 20, err: 1, statusAt: NOW - MINUTE, sentAt: NOW - 5 * MINUTE, address: '79161234567', mccmnc: '25001', country: 'Russia',
      operator: 'MTS', region: 'Moscow', costMinor: 300, sender: 'Shop', text: 'Code 1234', kind: 'flash', id: 'order-7', intId: intId!, parts: 2,
    };
    assert.deepEqual(await readHistory(store, owner, command(), OPTIONS), [expected]);
  });
}
