// The `account` commands in-process on both databases: what the operator types, and the lines printed back.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Command } from 'commander';
import { registerAccountCommands } from '../../src/cli/accounts.ts';
import { findAccountByLogin } from '../../src/core/accounts.ts';
import { Authenticator } from '../../src/core/auth.ts';
import { DATABASES } from '../support/databases.ts';
import { cliHarness } from '../support/cli.ts';

for (const database of DATABASES) {
  test(`${database.name}: account create prints the account and a working API key`, async (t) => {
    const { run, store } = await cliHarness(t, database, registerAccountCommands);
    const created = await run('account', 'create', 'demo', '--password', 'secret', '--balance', '12.50', '--db', 'somewhere');
    assert.equal(created.stderr, '');
    assert.equal(created.exitCode, undefined);
    assert.deepEqual(created.dbOptions, ['somewhere']);
    const match = /^login: demo\nbalance: 12\.50\ncurrency: RUB\ntest_mode: off\nallowed_ips: any\nlanguage: ru\napi_key: ([A-Za-z0-9_-]{43})\n$/.exec(created.stdout);
    assert.ok(match, created.stdout);
    const auth = new Authenticator(store, { cacheSeconds: 0 });
    const result = await auth.authenticate({ kind: 'apiKey', apiKey: match[1]! }, '127.0.0.1');
    assert.ok('account' in result);
    assert.equal(result.account.balance_minor, 1250);

    const options = await run('account', 'create', 'lab', '--password', 'p', '--currency', 'USD', '--test', '--allow-ip', '10.0.0.0/8, ::1', '--language', 'en');
    assert.match(options.stdout, /^login: lab\nbalance: 0\.00\ncurrency: USD\ntest_mode: on\nallowed_ips: 10\.0\.0\.0\/8,::1\nlanguage: en\napi_key: /);
    assert.deepEqual(options.dbOptions, [undefined], 'without --db the main CLI decides');
  });

  test(`${database.name}: account create reports bad input on one stderr line with exit code 1`, async (t) => {
    const { run } = await cliHarness(t, database, registerAccountCommands);
    await run('account', 'create', 'demo', '--password', 'secret');
    const amount = 'error: the amount must be a decimal like 100 or 12.50 (not zero; an opening balance not negative)\n';
    const cases: [string[], string][] = [
      [['account', 'create', 'demo', '--password', 'x'], 'error: that login is taken\n'],
      [['account', 'create', 'bad login', '--password', 'x'], 'error: a login is 1 to 64 characters of A-Z a-z 0-9 . _ @ -\n'],
      [['account', 'create', 'a', '--password', 'x', '--balance', '1,5'], amount],
      [['account', 'create', 'a', '--password', 'x', '--balance', '-1'], amount],
      [['account', 'create', 'a', '--password', 'x', '--allow-ip', 'localhost'], 'error: allowed IPs are IP addresses or CIDRs separated by commas\n'],
    ];
    for (const [args, expected] of cases) {
      const result = await run(...args);
      assert.deepEqual([result.stdout, result.stderr, result.exitCode], ['', expected, 1], args.join(' '));
    }
    const missing = await run('account', 'create', 'b');
    assert.equal(missing.exitCode, 1);
    assert.match(missing.stderr, /required option '--password <psw>' not specified/);
  });

  test(`${database.name}: account topup adds, adjusts, and refuses unknown logins`, async (t) => {
    const { run } = await cliHarness(t, database, registerAccountCommands);
    await run('account', 'create', 'demo', '--password', 'secret', '--balance', '100');
    assert.equal((await run('account', 'topup', 'demo', '12.5')).stdout, 'login: demo\nbalance: 112.50\n');
    assert.equal((await run('account', 'topup', 'demo', '-112.60')).stdout, 'login: demo\nbalance: -0.10\n');
    const unknown = await run('account', 'topup', 'nobody', '5');
    assert.deepEqual([unknown.stderr, unknown.exitCode], ['error: no account has that login\n', 1]);
    const zero = await run('account', 'topup', 'demo', '0');
    assert.equal(zero.exitCode, 1);
  });

  test(`${database.name}: account show, apikey, password, allow-ip, test-mode and language`, async (t) => {
    const { run, store } = await cliHarness(t, database, registerAccountCommands);
    const created = await run('account', 'create', 'demo', '--password', 'secret');
    const firstKey = /api_key: (\S+)/.exec(created.stdout)![1]!;

    const added = await run('account', 'apikey', 'demo');
    const [, secondId, secondKey] = /^api_key_id: (\d+)\napi_key: (\S{43})\n$/.exec(added.stdout)!;
    assert.equal((await run('account', 'apikey', 'demo', '--revoke', secondId!)).stdout, `revoked_api_key_id: ${secondId}\n`);
    const again = await run('account', 'apikey', 'demo', '--revoke', secondId!);
    assert.deepEqual([again.stderr, again.exitCode], ['error: the account has no active API key with that id\n', 1]);

    assert.equal((await run('account', 'allow-ip', 'demo', '192.0.2.0/24,2001:db8::1')).stdout, 'login: demo\nallowed_ips: 192.0.2.0/24,2001:db8::1\n');
    assert.equal((await run('account', 'test-mode', 'demo', 'on')).stdout, 'login: demo\ntest_mode: on\n');
    const firstId = (await store.db.selectFrom('api_keys').select('id').orderBy('id').executeTakeFirstOrThrow()).id;
    assert.equal(
      (await run('account', 'show', 'demo')).stdout,
      'login: demo\nbalance: 0.00\ncurrency: RUB\ntest_mode: on\nallowed_ips: 192.0.2.0/24,2001:db8::1\nlanguage: ru\n' +
        `api_key: id ${firstId}, prefix ${firstKey.slice(0, 8)}, active\n` +
        `api_key: id ${secondId}, prefix ${secondKey!.slice(0, 8)}, revoked\n`,
    );
    assert.equal((await run('account', 'allow-ip', 'demo', '')).stdout, 'login: demo\nallowed_ips: any\n');
    assert.equal((await run('account', 'test-mode', 'demo', 'off')).stdout, 'login: demo\ntest_mode: off\n');
    const badState = await run('account', 'test-mode', 'demo', 'maybe');
    assert.equal(badState.exitCode, 1);
    assert.match(badState.stderr, /Allowed choices are on, off/);
    assert.equal((await run('account', 'language', 'demo', 'en')).stdout, 'login: demo\nlanguage: en\n');
    assert.equal((await findAccountByLogin(store, 'demo'))?.language, 'en');
    const badLanguage = await run('account', 'language', 'demo', 'de');
    assert.equal(badLanguage.exitCode, 1);
    assert.match(badLanguage.stderr, /Allowed choices are ru, en/);

    assert.equal((await run('account', 'password', 'demo', 'n3w')).stdout, 'login: demo\npassword: changed\n');
    const auth = new Authenticator(store, { cacheSeconds: 0 });
    assert.ok('account' in (await auth.authenticate({ kind: 'password', login: 'demo', password: 'n3w' }, '192.0.2.5')));
    assert.ok('error' in (await auth.authenticate({ kind: 'password', login: 'demo', password: 'secret' }, '192.0.2.5')));
    assert.equal((await findAccountByLogin(store, 'demo'))?.test_mode, 0);
    assert.equal((await run('account', 'show', 'nobody')).exitCode, 1);
  });
}

test('a store that cannot open is one line on stderr', async () => {
  let stderr = '';
  const program = new Command('opensmsc').exitOverride().configureOutput({ writeOut: () => {}, writeErr: (s) => (stderr += s) });
  registerAccountCommands(program, () => Promise.reject(new Error('connect ECONNREFUSED 127.0.0.1:1')));
  const saved = process.exitCode;
  await program.parseAsync(['account', 'show', 'demo'], { from: 'user' });
  const exitCode = process.exitCode;
  process.exitCode = saved;
  assert.equal(stderr, 'error: connect ECONNREFUSED 127.0.0.1:1\n');
  assert.equal(exitCode, 1);
});

test('every account command has --help', async () => {
  for (const name of ['create', 'topup', 'show', 'apikey', 'password', 'allow-ip', 'test-mode', 'language']) {
    let help = '';
    const program = new Command('opensmsc').exitOverride().configureOutput({ writeOut: (s) => (help += s) });
    registerAccountCommands(program, () => Promise.reject(new Error('no store for --help')));
    await assert.rejects(program.parseAsync(['account', name, '--help'], { from: 'user' }), { code: 'commander.helpDisplayed' });
    assert.match(help, new RegExp(`^Usage: opensmsc account ${name} `), name);
    assert.match(help, /--db <db>/, name);
  }
});
