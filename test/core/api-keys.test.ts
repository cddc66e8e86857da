// API keys on both databases: shown once, stored as a hash, listed by prefix, revoked for good.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openStore } from '../../src/store/database.ts';
import { createAccount } from '../../src/core/accounts.ts';
import { createApiKey, findAccountByApiKey, listApiKeys, revokeApiKey } from '../../src/core/api-keys.ts';
import { DATABASES } from '../support/databases.ts';

const NOW = 1_764_000_000_000;

for (const database of DATABASES) {
  test(`${database.name}: create, find, list and revoke API keys`, async (t) => {
    const { url, drop } = await database.create();
    t.after(drop);
    const store = await openStore(url);
    t.after(() => store.close());
    const created = await createAccount(store, { login: 'demo', password: 'secret', currency: 'RUB', now: NOW });
    const other = await createAccount(store, { login: 'other', password: 'secret', currency: 'RUB', now: NOW });
    assert.ok(!('error' in created) && !('error' in other));
    const accountId = created.account.id;

    const second = await createApiKey(store, accountId, NOW + 1);
    assert.match(second.key, /^[A-Za-z0-9_-]{43}$/);
    assert.notEqual(second.key, created.apiKey);
    assert.equal((await findAccountByApiKey(store, second.key))?.login, 'demo');
    assert.equal((await findAccountByApiKey(store, created.apiKey))?.login, 'demo');
    assert.equal(await findAccountByApiKey(store, second.key.slice(0, 8)), undefined);

    const listed = await listApiKeys(store, accountId);
    assert.deepEqual(
      listed.map((k) => ({ prefix: k.prefix, created_at: k.created_at, revoked_at: k.revoked_at })),
      [
        { prefix: created.apiKey.slice(0, 8), created_at: NOW, revoked_at: null },
        { prefix: second.key.slice(0, 8), created_at: NOW + 1, revoked_at: null },
      ],
    );
    assert.ok(listed.every((k) => !('key_hash' in k)));
    assert.equal(listed[1]!.id, second.id);

    assert.deepEqual(await revokeApiKey(store, other.account.id, second.id, NOW + 2), { error: 'unknownKey' }, "another account's key");
    assert.deepEqual(await revokeApiKey(store, accountId, second.id, NOW + 2), { revokedAt: NOW + 2 });
    assert.deepEqual(await revokeApiKey(store, accountId, second.id, NOW + 3), { error: 'unknownKey' }, 'already revoked');
    assert.deepEqual(await revokeApiKey(store, accountId, 999, NOW + 3), { error: 'unknownKey' });
    assert.equal(await findAccountByApiKey(store, second.key), undefined);
    assert.equal((await listApiKeys(store, accountId))[1]!.revoked_at, NOW + 2);
    assert.equal((await findAccountByApiKey(store, created.apiKey))?.login, 'demo');
  });
}
