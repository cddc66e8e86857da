// The store opens and migrates on both dialects, and round-trips the types the schema promises.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openStore } from '../../src/store/database.ts';
import { DATABASES } from '../support/databases.ts';

for (const database of DATABASES) {
  test(`${database.name}: migrates, reopens, and returns int8 as numbers`, async (t) => {
    const { url, drop } = await database.create();
    t.after(drop);
    const first = await openStore(url);
    const now = 1_764_000_000_000;
    const row = await first.db
      .insertInto('accounts')
      .values({ login: 'demo', password_hash: 'x', balance_minor: 12345, currency: 'RUB', next_msg_id: 1, created_at: now, test_mode: 0, allowed_ips: '', tz_offset_hours: 0 })
      .returning(['id', 'created_at', 'balance_minor'])
      .executeTakeFirstOrThrow();
    assert.equal(row.created_at, now);
    assert.equal(row.balance_minor, 12345);
    await first.close();

    const second = await openStore(url);
    t.after(() => second.close());
    const again = await second.db.selectFrom('accounts').selectAll().where('id', '=', row.id).executeTakeFirstOrThrow();
    assert.equal(again.login, 'demo');
    assert.equal(typeof again.id, 'number');
  });
}

const postgres = DATABASES.find((d) => d.name === 'postgres');

test('postgres: two schemas in one database migrate independently', { skip: !postgres && 'PostgreSQL does not answer' }, async (t) => {
  // Regression: kysely looked for its migration tables in every schema, found the first schema's, and never
  // created the second's ('relation "kysely_migration_lock" does not exist').
  for (let i = 0; i < 2; i++) {
    const { url, drop } = await postgres!.create();
    t.after(drop);
    const store = await openStore(url);
    t.after(() => store.close());
    const tables = await store.db.introspection.getTables();
    assert.ok(tables.some((table) => table.name === 'messages'), `schema ${i + 1} has its own messages table`);
  }
});
