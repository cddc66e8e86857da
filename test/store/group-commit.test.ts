// Group commit on both databases: writes queued together share a transaction, run in order, fail alone, answer after the commit.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { GroupCommit } from '../../src/store/group-commit.ts';
import { DATABASES, freshStore } from '../support/databases.ts';

const T0 = 1_764_000_000_000;

for (const database of DATABASES) {
  test(`${database.name}: writes queued together commit in one transaction, in order, each answered after the commit`, async (t) => {
    const store = await freshStore(t, database);
    const commits = new GroupCommit(store.db);
    const order: string[] = [];
    const writes = ['a', 'b', 'c'].map((login) =>
      commits.run(async (trx) => {
        order.push(login);
        await trx.insertInto('accounts').values({ login, password_hash: 'x', currency: 'RUB', created_at: T0 }).execute();
        return login;
      }),
    );
    // Before the group has committed, another connection sees none of its rows.
    const seenMeanwhile = await store.db.selectFrom('accounts').select('login').execute();
    assert.deepEqual(await Promise.all(writes), ['a', 'b', 'c']);
    assert.deepEqual(order, ['a', 'b', 'c'], 'run in the order queued');
    assert.deepEqual(seenMeanwhile, []);
    assert.deepEqual((await store.db.selectFrom('accounts').select('login').orderBy('id').execute()).map((r) => r.login), ['a', 'b', 'c']);
  });

  test(`${database.name}: a write that fails is undone alone; the others of its group commit`, async (t) => {
    const store = await freshStore(t, database);
    const commits = new GroupCommit(store.db);
    const insert = (login: string) => commits.run((trx) => trx.insertInto('accounts').values({ login, password_hash: 'x', currency: 'RUB', created_at: T0 }).execute());
    const first = insert('first');
    const failing = commits.run(async (trx) => {
      await trx.insertInto('accounts').values({ login: 'half', password_hash: 'x', currency: 'RUB', created_at: T0 }).execute();
      // accounts.login is unique: this write's first statement must be undone with it.
      await trx.insertInto('accounts').values({ login: 'first', password_hash: 'x', currency: 'RUB', created_at: T0 }).execute();
    });
    const results = await Promise.allSettled([first, failing, insert('last')]);
    assert.deepEqual(results.map((r) => r.status), ['fulfilled', 'rejected', 'fulfilled']);
    const logins = (await store.db.selectFrom('accounts').select('login').orderBy('id').execute()).map((r) => r.login);
    assert.deepEqual(logins, ['first', 'last']);
  });

  test(`${database.name}: a group takes at most maxGroup writes; the rest go in the next`, async (t) => {
    const store = await freshStore(t, database);
    const commits = new GroupCommit(store.db, 2);
    const writes = Array.from({ length: 5 }, (_, i) => commits.run(async () => i));
    assert.deepEqual(await Promise.all(writes), [0, 1, 2, 3, 4]);
    assert.deepEqual(commits.stats, { groups: 3, writes: 5 });
  });
}
