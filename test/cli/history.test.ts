// The `history` command in-process on both databases: what the operator types, and the lines printed back.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Command } from 'commander';
import { registerHistoryCommand } from '../../src/cli/history.ts';
import type { Store } from '../../src/store/database.ts';
import type { NewMessage } from '../../src/store/schema.ts';
import { createAccount } from '../../src/core/accounts.ts';
import { DATABASES } from '../support/databases.ts';
import { cliHarness } from '../support/cli.ts';

/** 15.03.2025 09:00 UTC: 12:00 in Moscow. */
const SENT = Date.UTC(2025, 2, 15, 9);
const MINUTE = 60_000;

async function account(store: Store, login: string, tzOffsetHours = 0): Promise<number> {
  const created = await createAccount(store, { login, password: 'secret', currency: 'RUB', now: SENT });
  assert.ok('account' in created);
  await store.db.updateTable('accounts').set({ tz_offset_hours: tzOffsetHours }).where('id', '=', created.account.id).execute();
  return created.account.id;
}

async function insert(store: Store, accountId: number, rows: Array<Partial<NewMessage>>): Promise<number[]> {
  const values = rows.map((fields): NewMessage => ({
    account_id: accountId, msg_id: '1', phone: '79161234567', kind: 0, channel: 0, sender: 'SMSC', body: 'hello', sms_cnt: 1,
    cost_minor: 150, status: 1, created_at: SENT, status_at: SENT, due_at: SENT, expires_at: SENT, ...fields,
  }));
  const inserted = await store.db.insertInto('messages').values(values).returning('int_id').execute();
  return inserted.map((r) => r.int_id);
}

for (const database of DATABASES) {
  test(`${database.name}: history prints one line per message, newest first, in the account's zone`, async (t) => {
    const { run, store } = await cliHarness(t, database, registerHistoryCommand);
    const demo = await account(store, 'demo');
    const [first, second, mail] = await insert(store, demo, [
      { body: 'line one\nline two', status: 1 },
      { created_at: SENT + MINUTE, phone: '79160000000', body: 'x'.repeat(70), status: -1, cost_minor: 0 },
      { created_at: SENT + 2 * MINUTE, phone: 'user@example.com', kind: 8, channel: 8, body: 'mail body', cost_minor: 10, status: 0 },
    ]);
    const all = await run('history', 'demo', '--db', 'somewhere');
    assert.equal(all.stderr, '');
    assert.equal(all.exitCode, undefined);
    assert.deepEqual(all.dbOptions, ['somewhere']);
    assert.equal(
      all.stdout,
      `${second}  15.03.2025 12:01:00  79160000000  -1 (Waiting to be sent)  0  ${'x'.repeat(60)}\n` +
        `${first}  15.03.2025 12:00:00  79161234567  1 (Delivered)  1.5  line one⏎line two\n`,
    );
    assert.equal((await run('history', 'demo', '--email', '')).stdout, `${mail}  15.03.2025 12:02:00  user@example.com  0 (Transferred to operator)  0.1  mail body\n`);
    assert.equal((await run('history', 'demo', '--phone', '8 916 123-45-67')).stdout.split('\n')[0]?.split('  ')[0], String(first));
    assert.equal((await run('history', 'demo', '--limit', '1')).stdout.split('  ')[0], String(second));
    assert.equal((await run('history', 'demo', '--before', String(second))).stdout.split('  ')[0], String(first));
    assert.equal((await run('history', 'demo', '--since', '15.03.2025', '--until', '15.03.2025')).stdout.split('\n').length, 3);
    assert.equal((await run('history', 'demo', '--since', '16.03.2025', '--until', '16.03.2025')).stderr, 'error: no messages match\n');

    const east = await account(store, 'east', 2);
    await insert(store, east, [{}]);
    assert.match((await run('history', 'east')).stdout, /^\d+ {2}15\.03\.2025 14:00:00 {2}79161234567 {2}/, 'shown at Moscow + 2');
  });

  test(`${database.name}: history reports bad input on one stderr line with exit code 1`, async (t) => {
    const { run, store } = await cliHarness(t, database, registerHistoryCommand);
    await account(store, 'demo');
    const cases: [string[], string][] = [
      [['history', 'nobody'], 'error: no account has that login\n'],
      [['history', 'demo'], 'error: no messages match\n'],
      [['history', 'demo', '--phone', '1', '--email', 'a@b.c'], 'error: give --phone or --email, not both\n'],
      [['history', 'demo', '--since', '31.02.2025'], 'error: dates are dd.mm.yyyy, e.g. 31.12.2025\n'],
      [['history', 'demo', '--until', '2025-03-01'], 'error: dates are dd.mm.yyyy, e.g. 31.12.2025\n'],
      [['history', 'demo', '--limit', '0'], 'error: --limit is a whole number from 1 to 1000\n'],
      [['history', 'demo', '--limit', '1001'], 'error: --limit is a whole number from 1 to 1000\n'],
      [['history', 'demo', '--before', 'abc'], 'error: --before is an int_id (a positive whole number)\n'],
      [['history', 'demo', '--since', '01.01.2000'], 'error: the period may span six months at most; give --until with an early --since\n'],
    ];
    for (const [args, expected] of cases) {
      const result = await run(...args);
      assert.deepEqual([result.stdout, result.stderr, result.exitCode], ['', expected, 1], args.join(' '));
    }
  });
}

test('a store that cannot open is one line on stderr', async () => {
  let stderr = '';
  const program = new Command('opensmsc').exitOverride().configureOutput({ writeOut: () => {}, writeErr: (s) => (stderr += s) });
  registerHistoryCommand(program, () => Promise.reject(new Error('connect ECONNREFUSED 127.0.0.1:1')));
  const saved = process.exitCode;
  await program.parseAsync(['history', 'demo'], { from: 'user' });
  const exitCode = process.exitCode;
  process.exitCode = saved;
  assert.equal(stderr, 'error: connect ECONNREFUSED 127.0.0.1:1\n');
  assert.equal(exitCode, 1);
});

test('history has --help naming every option', async () => {
  let help = '';
  const program = new Command('opensmsc').exitOverride().configureOutput({ writeOut: (s) => (help += s) });
  registerHistoryCommand(program, () => Promise.reject(new Error('not opened for --help')));
  await assert.rejects(program.parseAsync(['history', '--help'], { from: 'user' }), { exitCode: 0 });
  for (const option of ['--phone <list>', '--email <list>', '--since <dd.mm.yyyy>', '--until <dd.mm.yyyy>', '--limit <n>', '--before <int_id>', '--db <db>']) {
    assert.ok(help.includes(option), option);
  }
});
