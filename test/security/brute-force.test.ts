// Credential guessing over real HTTP (spec §2, docs/security.md): passwords and API keys guessed from one IP block it
// on every script until the block ends; revoked keys stop working at once, changed passwords within a second.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_CONFIG } from '../../src/config.ts';
import { SCRIPT_PATHS } from '../../src/api/server.ts';
import { createAccount, findAccountByLogin, setPassword } from '../../src/core/accounts.ts';
import { Authenticator } from '../../src/core/auth.ts';
import { createApiKey, revokeApiKey } from '../../src/core/api-keys.ts';
import { openStore } from '../../src/store/database.ts';
import { DATABASES, freshStore } from '../support/databases.ts';
import { startTestServer, type TestServer } from '../support/server.ts';
import { steppedClock } from '../support/clock.ts';

const sqlite = DATABASES[0]!;
const AUTH = { login: 'demo', psw: 'S3cret-pass' };
const FAILURE = 'ERROR = 2 (authorise error)';
const BLOCKED = 'ERROR = 4 (ip is blocked)';
/** Error 4 in each fmt, as every script answers it (spec §1.1, docs/compatibility.md). */
const BLOCKED_IN_FMT = [
  BLOCKED,
  '0,-4',
  '<result>\n<error>ip is blocked</error>\n<error_code>4</error_code>\n</result>',
  '{\n"error": "ip is blocked",\n"error_code": 4\n}',
];

/** Every script, in every fmt, answers error 4 to the correct credentials `auth`. */
async function assertBlockedEverywhere(server: TestServer, auth: Record<string, string>): Promise<void> {
  for (const path of SCRIPT_PATHS) {
    for (const [fmt, expected] of BLOCKED_IN_FMT.entries()) {
      const answer = await server.call(path, { ...auth, fmt, phones: '79991234567', mes: 'x', phone: '79991234567', id: 1, get_messages: 1 });
      assert.deepEqual([answer.status, answer.text], [200, expected], `${path} fmt=${fmt}`);
    }
  }
}

test('§2 five wrong passwords block the IP on every script in every fmt, the right password included, until the block ends', async (t) => {
  const clock = steppedClock();
  const server = await startTestServer(t, sqlite, {}, undefined, { now: clock.now });
  const apiKey = await server.account('demo');
  for (let i = 0; i < 5; i++) assert.equal((await server.call('/sys/balance.php', { login: 'demo', psw: `guess-${i}` })).text, FAILURE);
  await assertBlockedEverywhere(server, AUTH);
  await assertBlockedEverywhere(server, { apikey: apiKey });

  clock.advance(DEFAULT_CONFIG.limits.failedLoginBlockSeconds * 1000 - 1000);
  assert.equal((await server.call('/sys/balance.php', AUTH)).text, BLOCKED, 'a second before the end the block holds');
  clock.advance(1000);
  assert.equal((await server.call('/sys/balance.php', AUTH)).text, '100.00', 'the block ends after failedLoginBlockSeconds');
  for (let i = 0; i < 4; i++) await server.call('/sys/balance.php', { login: 'demo', psw: `again-${i}` });
  assert.equal((await server.call('/sys/balance.php', AUTH)).text, '100.00', 'counting starts afresh: four new failures do not block');
});

test('§2 guessed API keys count as failed logins and block the IP, as apikey and as an empty login with psw', async (t) => {
  const server = await startTestServer(t, sqlite);
  const apiKey = await server.account('demo');
  const guess = (i: number) => `${apiKey.slice(0, -4)}${String(i).padStart(4, '0')}`;
  for (let i = 0; i < 3; i++) assert.equal((await server.call('/sys/balance.php', { apikey: guess(i) })).text, FAILURE);
  for (let i = 3; i < 5; i++) assert.equal((await server.call('/sys/balance.php', { login: '', psw: guess(i) })).text, FAILURE);
  assert.equal((await server.call('/sys/balance.php', { apikey: apiKey })).text, BLOCKED);
  assert.equal((await server.call('/sys/balance.php', AUTH)).text, BLOCKED);
});

test('§2 guesses at unknown logins count like wrong passwords', async (t) => {
  const server = await startTestServer(t, sqlite);
  await server.account('demo');
  for (let i = 0; i < 5; i++) assert.equal((await server.call('/sys/balance.php', { login: `nobody${i}`, psw: 'S3cret-pass' })).text, FAILURE);
  assert.equal((await server.call('/sys/balance.php', AUTH)).text, BLOCKED);
});

test('an unknown login costs the same slow hash as a wrong password, so timing does not tell which logins exist', async (t) => {
  const store = await freshStore(t, sqlite);
  assert.ok('account' in (await createAccount(store, { login: 'demo', password: 'S3cret-pass', currency: 'RUB', now: Date.now() })));
  const auth = new Authenticator(store, { cacheSeconds: 0 });
  const refused = { error: 'authorise', exemptFromBlocking: false };
  assert.deepEqual(await auth.authenticate({ kind: 'password', login: 'nobody', password: 'guess' }, '127.0.0.1'), refused);
  assert.equal(auth.stats.hashChecks, 1, 'the unknown login was hashed');
  assert.deepEqual(await auth.authenticate({ kind: 'password', login: 'demo', password: 'guess' }, '127.0.0.1'), refused);
  assert.equal(auth.stats.hashChecks, 2);
});

for (const database of DATABASES) {
  test(`${database.name}: a revoked API key stops working at once, and an old password within a second, despite the credential cache`, async (t) => {
    const clock = steppedClock();
    const server = await startTestServer(t, database, { credentialCacheSeconds: 3600 }, undefined, { now: clock.now });
    const firstKey = await server.account('demo');
    const account = (await findAccountByLogin(server.store, 'demo'))!;
    const second = await createApiKey(server.store, account.id, Date.now());
    for (const credentials of [{ apikey: firstKey }, { apikey: second.key }, AUTH]) {
      assert.equal((await server.call('/sys/balance.php', credentials)).text, '100.00', 'works, and is cached when it can be');
    }
    // The operator's CLI runs as another process, with a store of its own.
    const operator = await openStore(server.config.db);
    t.after(() => operator.close());
    assert.ok('revokedAt' in (await revokeApiKey(operator, account.id, second.id, Date.now())));
    assert.equal((await server.call('/sys/balance.php', { apikey: second.key })).text, FAILURE, 'the revoked key is refused at once');
    assert.equal((await server.call('/sys/balance.php', { login: '', psw: second.key })).text, FAILURE, 'in the empty-login form too');
    assert.equal((await server.call('/sys/balance.php', { apikey: firstKey })).text, '100.00', 'the other key still works');
    assert.ok('account' in (await setPassword(operator, 'demo', 'N3w-pass')));
    // A cached credential's account row is read again once it is a second old (src/core/auth.ts).
    clock.advance(1_000);
    assert.equal((await server.call('/sys/balance.php', AUTH)).text, FAILURE, 'the old password is refused a second later');
    assert.equal((await server.call('/sys/balance.php', { login: 'demo', psw: 'N3w-pass' })).text, '100.00');
  });
}
