// The account service on both databases: creation rules, the ledger behind every balance, operator settings.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Store } from '../../src/store/database.ts';
import {
  createAccount,
  findAccountById,
  findAccountByLogin,
  setAllowedIps,
  setPassword,
  setTestMode,
  topUp,
} from '../../src/core/accounts.ts';
import { verifyPassword } from '../../src/core/passwords.ts';
import { DATABASES, freshStore } from '../support/databases.ts';

const NOW = 1_764_000_000_000;

async function ledgerOf(store: Store, accountId: number) {
  return store.db.selectFrom('ledger').select(['kind', 'amount_minor', 'created_at']).where('account_id', '=', accountId).orderBy('id').execute();
}

for (const database of DATABASES) {
  test(`${database.name}: createAccount writes the account, its opening top-up and a first API key`, async (t) => {
    const store = await freshStore(t, database);
    const created = await createAccount(store, { login: 'demo', password: 'secret', balanceMinor: 10_050, currency: 'RUB', now: NOW });
    assert.ok(!('error' in created));
    assert.equal(created.account.login, 'demo');
    assert.equal(created.account.balance_minor, 10_050);
    assert.equal(created.account.test_mode, 0);
    assert.equal(created.account.allowed_ips, '');
    assert.equal(await verifyPassword('secret', created.account.password_hash), true);
    assert.match(created.apiKey, /^[A-Za-z0-9_-]{43}$/);
    assert.deepEqual(await ledgerOf(store, created.account.id), [{ kind: 'topup', amount_minor: 10_050, created_at: NOW }]);
    const keys = await store.db.selectFrom('api_keys').selectAll().execute();
    assert.equal(keys.length, 1);
    assert.equal(keys[0]!.prefix, created.apiKey.slice(0, 8));
    assert.ok(!keys[0]!.key_hash.includes(created.apiKey), 'only the hash is stored');
  });

  test(`${database.name}: createAccount options, and no ledger entry for a zero balance`, async (t) => {
    const store = await freshStore(t, database);
    const created = await createAccount(store, {
      login: 'a.b_c-d@e',
      password: 'p',
      currency: 'USD',
      testMode: true,
      allowedIps: ' 10.0.0.0/8 , ,2001:db8::1',
      now: NOW,
    });
    assert.ok(!('error' in created));
    assert.equal(created.account.currency, 'USD');
    assert.equal(created.account.test_mode, 1);
    assert.equal(created.account.allowed_ips, '10.0.0.0/8,2001:db8::1');
    assert.equal(created.account.balance_minor, 0);
    assert.deepEqual(await ledgerOf(store, created.account.id), []);
  });

  test(`${database.name}: createAccount refuses bad input and taken logins, writing nothing`, async (t) => {
    const store = await freshStore(t, database);
    const base = { login: 'demo', password: 'secret', currency: 'RUB', now: NOW };
    assert.ok(!('error' in (await createAccount(store, base))));
    assert.deepEqual(await createAccount(store, base), { error: 'loginTaken' });
    for (const login of ['', 'x'.repeat(65), 'with space', 'кириллица', 'a/b', 'a,b']) {
      assert.deepEqual(await createAccount(store, { ...base, login }), { error: 'invalidLogin' }, login);
    }
    assert.ok(!('error' in (await createAccount(store, { ...base, login: 'x'.repeat(64) }))));
    assert.deepEqual(await createAccount(store, { ...base, login: 'p', password: '' }), { error: 'invalidPassword' });
    assert.deepEqual(await createAccount(store, { ...base, login: 'm', balanceMinor: -1 }), { error: 'invalidAmount' });
    assert.deepEqual(await createAccount(store, { ...base, login: 'm', balanceMinor: 1.5 }), { error: 'invalidAmount' });
    assert.deepEqual(await createAccount(store, { ...base, login: 'c', currency: 'rub' }), { error: 'invalidCurrency' });
    assert.deepEqual(await createAccount(store, { ...base, login: 'i', allowedIps: '10.0.0.300' }), { error: 'invalidAllowlist' });
    const logins = await store.db.selectFrom('accounts').select('login').orderBy('id').execute();
    assert.deepEqual(logins.map((r) => r.login), ['demo', 'x'.repeat(64)]);
  });

  test(`${database.name}: topUp moves the balance and the ledger together; negative is an adjustment`, async (t) => {
    const store = await freshStore(t, database);
    const created = await createAccount(store, { login: 'demo', password: 'secret', balanceMinor: 1000, currency: 'RUB', now: NOW });
    assert.ok(!('error' in created));
    assert.deepEqual(await topUp(store, 'demo', 250, NOW + 1), { balanceMinor: 1250 });
    assert.deepEqual(await topUp(store, 'demo', -1500, NOW + 2), { balanceMinor: -250 });
    assert.deepEqual(await ledgerOf(store, created.account.id), [
      { kind: 'topup', amount_minor: 1000, created_at: NOW },
      { kind: 'topup', amount_minor: 250, created_at: NOW + 1 },
      { kind: 'adjust', amount_minor: -1500, created_at: NOW + 2 },
    ]);
    const ledgerSum = (await ledgerOf(store, created.account.id)).reduce((sum, e) => sum + e.amount_minor, 0);
    assert.equal((await findAccountById(store, created.account.id))?.balance_minor, ledgerSum);
    assert.deepEqual(await topUp(store, 'nobody', 100, NOW), { error: 'unknownAccount' });
    assert.deepEqual(await topUp(store, 'demo', 0, NOW), { error: 'invalidAmount' });
    assert.deepEqual(await topUp(store, 'demo', 0.5, NOW), { error: 'invalidAmount' });
  });

  test(`${database.name}: operator settings change one field each and report unknown logins`, async (t) => {
    const store = await freshStore(t, database);
    const created = await createAccount(store, { login: 'demo', password: 'old', currency: 'RUB', now: NOW });
    assert.ok(!('error' in created));

    const changed = await setPassword(store, 'demo', 'new');
    assert.ok('account' in changed);
    assert.equal(await verifyPassword('new', changed.account.password_hash), true);
    assert.equal(await verifyPassword('old', changed.account.password_hash), false);
    assert.deepEqual(await setPassword(store, 'demo', ''), { error: 'invalidPassword' });

    const testing = await setTestMode(store, 'demo', true);
    assert.ok('account' in testing);
    assert.equal(testing.account.test_mode, 1);
    assert.equal((await findAccountByLogin(store, 'demo'))?.test_mode, 1);

    const allowed = await setAllowedIps(store, 'demo', '192.0.2.1, 198.51.100.0/24,::1');
    assert.ok('account' in allowed);
    assert.equal(allowed.account.allowed_ips, '192.0.2.1,198.51.100.0/24,::1');
    for (const bad of ['192.0.2.1/33', '::1/129', 'example.com', '10.0.0.0/8/8', '10.0.0.0/x']) {
      assert.deepEqual(await setAllowedIps(store, 'demo', bad), { error: 'invalidAllowlist' }, bad);
    }
    const cleared = await setAllowedIps(store, 'demo', '');
    assert.ok('account' in cleared);
    assert.equal(cleared.account.allowed_ips, '');

    assert.deepEqual(await setPassword(store, 'nobody', 'x'), { error: 'unknownAccount' });
    assert.deepEqual(await setTestMode(store, 'nobody', false), { error: 'unknownAccount' });
    assert.deepEqual(await setAllowedIps(store, 'nobody', ''), { error: 'unknownAccount' });
    assert.equal(await findAccountByLogin(store, 'nobody'), undefined);
  });
}
