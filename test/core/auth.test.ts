// Authentication on both databases (spec §2): password or md5, API keys, the IP allowlist, and the credential cache.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { TestContext } from 'node:test';
import { createHash } from 'node:crypto';
import { openStore, type Store } from '../../src/store/database.ts';
import { createAccount, setAllowedIps, setPassword, setTestMode } from '../../src/core/accounts.ts';
import { createApiKey, revokeApiKey } from '../../src/core/api-keys.ts';
import { Authenticator, type AuthResult } from '../../src/core/auth.ts';
import { DATABASES, type TestDatabase } from '../support/databases.ts';

const NOW = 1_764_000_000_000;
const IP = '203.0.113.9';
const DENIED = { error: 'authorise', exemptFromBlocking: false };
const md5 = (text: string) => createHash('md5').update(text, 'utf8').digest('hex');

async function withDemo(t: TestContext, database: TestDatabase): Promise<{ store: Store; accountId: number; apiKey: string }> {
  const { url, drop } = await database.create();
  t.after(drop);
  const store = await openStore(url);
  t.after(() => store.close());
  const created = await createAccount(store, { login: 'demo', password: 'secret', balanceMinor: 500, currency: 'RUB', now: NOW });
  assert.ok(!('error' in created));
  return { store, accountId: created.account.id, apiKey: created.apiKey };
}

function loginOf(result: AuthResult): string | undefined {
  return 'account' in result ? result.account.login : undefined;
}

const password = (login: string, psw: string) => ({ kind: 'password' as const, login, password: psw });

for (const database of DATABASES) {
  test(`${database.name}: a password, or its md5, authenticates; anything else is error 2`, async (t) => {
    const { store } = await withDemo(t, database);
    const auth = new Authenticator(store, { cacheSeconds: 0 });
    assert.equal(loginOf(await auth.authenticate(password('demo', 'secret'), IP)), 'demo');
    assert.equal(loginOf(await auth.authenticate(password('demo', md5('secret')), IP)), 'demo');
    assert.deepEqual(await auth.authenticate(password('demo', 'wrong'), IP), DENIED);
    assert.deepEqual(await auth.authenticate(password('nobody', 'secret'), IP), DENIED);
    assert.equal(auth.stats.hashChecks, 4, 'an unknown login costs a hash too (docs/security.md)');
  });

  test(`${database.name}: an API key authenticates until it is revoked`, async (t) => {
    const { store, accountId, apiKey } = await withDemo(t, database);
    const auth = new Authenticator(store, { cacheSeconds: 60 });
    const second = await createApiKey(store, accountId, NOW);
    assert.equal(loginOf(await auth.authenticate({ kind: 'apiKey', apiKey }, IP)), 'demo');
    assert.equal(loginOf(await auth.authenticate({ kind: 'apiKey', apiKey: second.key }, IP)), 'demo');
    assert.deepEqual(await auth.authenticate({ kind: 'apiKey', apiKey: 'not-a-key' }, IP), DENIED);
    await revokeApiKey(store, accountId, second.id, NOW);
    assert.deepEqual(await auth.authenticate({ kind: 'apiKey', apiKey: second.key }, IP), DENIED, 'revocation is immediate');
    assert.equal(auth.stats.hashChecks, 0);
  });

  test(`${database.name}: the allowlist admits listed IPs and CIDRs, mapped IPv4 included, and refuses others`, async (t) => {
    const { store, apiKey } = await withDemo(t, database);
    await setAllowedIps(store, 'demo', '127.0.0.1,10.0.0.0/8,2001:db8::/32');
    const auth = new Authenticator(store, { cacheSeconds: 60 });
    for (const ip of ['127.0.0.1', '::ffff:127.0.0.1', '10.20.30.40', '::ffff:10.0.0.1', '2001:db8::7']) {
      assert.equal(loginOf(await auth.authenticate(password('demo', 'secret'), ip)), 'demo', ip);
    }
    for (const ip of ['127.0.0.2', '11.0.0.1', '::ffff:11.0.0.1', '2001:db9::7', IP]) {
      assert.deepEqual(await auth.authenticate(password('demo', 'secret'), ip), DENIED, ip);
    }
    assert.equal(loginOf(await auth.authenticate({ kind: 'apiKey', apiKey }, '10.1.1.1')), 'demo');
    assert.deepEqual(await auth.authenticate({ kind: 'apiKey', apiKey }, IP), DENIED);
  });

  test(`${database.name}: a failed login from an allowlisted IP is exempt from IP blocking (spec §2)`, async (t) => {
    const { store } = await withDemo(t, database);
    const auth = new Authenticator(store, { cacheSeconds: 60 });
    const exempt = { error: 'authorise', exemptFromBlocking: true };
    assert.deepEqual(await auth.authenticate(password('demo', 'wrong'), '10.0.0.1'), DENIED, 'empty allowlist: nobody is exempt');
    await setAllowedIps(store, 'demo', '10.0.0.0/8');
    assert.deepEqual(await auth.authenticate(password('demo', 'wrong'), '10.0.0.1'), exempt);
    assert.deepEqual(await auth.authenticate(password('demo', 'wrong'), '::ffff:10.0.0.1'), exempt);
    assert.deepEqual(await auth.authenticate(password('demo', 'wrong'), IP), DENIED);
    assert.deepEqual(await auth.authenticate(password('nobody', 'wrong'), '10.0.0.1'), DENIED);
  });

  test(`${database.name}: requests that miss the cache together share one slow hash, right or wrong`, async (t) => {
    const { store } = await withDemo(t, database);
    const auth = new Authenticator(store, { cacheSeconds: 60 });
    const together = await Promise.all(Array.from({ length: 20 }, () => auth.authenticate(password('demo', 'secret'), IP)));
    assert.deepEqual(together.map(loginOf), Array(20).fill('demo'));
    assert.equal(auth.stats.hashChecks, 1, '20 concurrent requests, one scrypt');
    const wrong = await Promise.all(Array.from({ length: 5 }, () => auth.authenticate(password('demo', 'wrong'), IP)));
    assert.deepEqual(wrong, Array(5).fill(DENIED));
    assert.equal(auth.stats.hashChecks, 2);
    assert.deepEqual(await auth.authenticate(password('demo', 'wrong'), IP), DENIED);
    assert.equal(auth.stats.hashChecks, 3, 'a failure is shared only while it is being checked, never cached');
  });

  test(`${database.name}: a cache hit skips the hash, and reads the account again once it is a second old`, async (t) => {
    const { store, accountId } = await withDemo(t, database);
    let clock = 1_000_000;
    const auth = new Authenticator(store, { cacheSeconds: 60, now: () => clock });
    await auth.authenticate(password('demo', 'secret'), IP);
    await setTestMode(store, 'demo', true);
    const early = await auth.authenticate(password('demo', 'secret'), IP);
    assert.ok('account' in early);
    assert.equal(early.account.test_mode, 0, 'within the second the row read at the check is used');
    clock += 999;
    const stillEarly = await auth.authenticate(password('demo', 'secret'), IP);
    assert.equal('account' in stillEarly && stillEarly.account.test_mode, 0);
    clock += 1;
    const hit = await auth.authenticate(password('demo', 'secret'), IP);
    assert.ok('account' in hit);
    assert.equal(hit.account.test_mode, 1, 'a second after it was read, the row is read again');
    assert.deepEqual(auth.stats, { hashChecks: 1, cacheHits: 3 });

    await auth.authenticate(password('demo', md5('secret')), IP);
    assert.equal(auth.stats.hashChecks, 2, 'the md5 form is a different credential');
    for (let i = 0; i < 2; i++) assert.deepEqual(await auth.authenticate(password('demo', 'wrong'), IP), DENIED);
    assert.equal(auth.stats.hashChecks, 4, 'failures are never cached');

    await setAllowedIps(store, 'demo', '10.0.0.0/8');
    clock += 1_000;
    assert.deepEqual(await auth.authenticate(password('demo', 'secret'), IP), DENIED, 'a hit still checks the allowlist');
    assert.equal(auth.stats.cacheHits, 4);

    auth.forgetAccount(accountId);
    await auth.authenticate(password('demo', 'secret'), '10.0.0.1');
    assert.deepEqual(auth.stats, { hashChecks: 5, cacheHits: 4 }, 'forgetAccount drops the entries');
  });

  test(`${database.name}: a password change, even by another process, ends the cached entry within a second`, async (t) => {
    const { store } = await withDemo(t, database);
    let clock = 1_000_000;
    const auth = new Authenticator(store, { cacheSeconds: 60, now: () => clock });
    assert.equal(loginOf(await auth.authenticate(password('demo', 'secret'), IP)), 'demo');
    await setPassword(store, 'demo', 'fresh');
    clock += 1_000;
    assert.deepEqual(await auth.authenticate(password('demo', 'secret'), IP), DENIED);
    assert.equal(loginOf(await auth.authenticate(password('demo', 'fresh'), IP)), 'demo');
    assert.deepEqual(auth.stats, { hashChecks: 3, cacheHits: 0 });
  });

  test(`${database.name}: a full cache evicts its oldest entry`, async (t) => {
    const { store } = await withDemo(t, database);
    await createAccount(store, { login: 'other', password: 'secret', currency: 'RUB', now: NOW });
    const auth = new Authenticator(store, { cacheSeconds: 60, maxCachedCredentials: 2 });
    for (const credentials of [password('demo', 'secret'), password('demo', md5('secret')), password('other', 'secret')]) {
      await auth.authenticate(credentials, IP);
    }
    await auth.authenticate(password('other', 'secret'), IP);
    await auth.authenticate(password('demo', md5('secret')), IP);
    assert.deepEqual(auth.stats, { hashChecks: 3, cacheHits: 2 });
    await auth.authenticate(password('demo', 'secret'), IP);
    assert.deepEqual(auth.stats, { hashChecks: 4, cacheHits: 2 }, 'the oldest entry was evicted');
  });

  test(`${database.name}: cached entries expire after cacheSeconds`, async (t) => {
    const { store } = await withDemo(t, database);
    let clock = NOW;
    const auth = new Authenticator(store, { cacheSeconds: 30, now: () => clock });
    await auth.authenticate(password('demo', 'secret'), IP);
    clock += 29_999;
    await auth.authenticate(password('demo', 'secret'), IP);
    assert.deepEqual(auth.stats, { hashChecks: 1, cacheHits: 1 });
    clock += 1;
    assert.equal(loginOf(await auth.authenticate(password('demo', 'secret'), IP)), 'demo');
    assert.deepEqual(auth.stats, { hashChecks: 2, cacheHits: 1 });
    clock += 29_999;
    await auth.authenticate(password('demo', 'secret'), IP);
    assert.deepEqual(auth.stats, { hashChecks: 2, cacheHits: 2 }, 'the re-verified entry is cached anew');
  });
}
