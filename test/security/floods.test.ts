// Floods (spec §3.2, §3.7, §4.5, docs/security.md): identical requests charge once, one login's concurrency is
// capped without touching others, and junk keys cannot grow the limits' memory past its caps.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import pg from 'pg';
import { DEFAULT_CONFIG } from '../../src/config.ts';
import { Limits, MAX_TRACKED_IPS, MAX_TRACKED_REQUEST_KEYS, type LimitRule } from '../../src/core/limits.ts';
import { findAccountByLogin } from '../../src/core/accounts.ts';
import { DATABASES } from '../support/databases.ts';
import { startTestServer, type TestServer } from '../support/server.ts';
import { waitFor } from '../support/wait.ts';

const AUTH = { login: 'demo', psw: 'S3cret-pass' };
const postgres = DATABASES.find((d) => d.name === 'postgres');

for (const database of DATABASES) {
  test(`${database.name}: §3.7 a flood of 30 identical sends at once is accepted once, stored once and charged once`, async (t) => {
    const server = await startTestServer(t, database);
    await server.account('demo');
    const send = { ...AUTH, phones: '79991234567', mes: 'flood', fmt: 1 };
    const answers = await Promise.all(Array.from({ length: 30 }, () => server.call('/sys/send.php', send)));
    const texts = answers.map((a) => a.text).sort();
    assert.deepEqual(texts, [...Array(29).fill('0,-9'), '1,1'], 'one accepted, every other one error 9');
    const demo = (await findAccountByLogin(server.store, 'demo'))!;
    assert.equal(demo.balance_minor, 10_000 - 150);
    const rows = await server.store.db.selectFrom('messages').select('int_id').where('account_id', '=', demo.id).execute();
    assert.equal(rows.length, 1);
  });
}

// Requests only overlap where they wait on the database; a lock held by the test keeps them waiting, deterministically.
test('§3.2 §4.5 one login\'s concurrent requests are capped (status lower), other logins are not', { skip: !postgres && 'PostgreSQL does not answer' }, async (t) => {
  const limits = { ...DEFAULT_CONFIG.limits, concurrentPerLogin: 5, concurrentStatusPerLogin: 3 };
  // The dispatcher polls once at start and then sleeps, so only the requests under test wait on the lock.
  const server = await startTestServer(t, postgres!, { limits, dispatchIntervalMs: 3_600_000 });
  const demoKey = await server.account('demo');
  const otherKey = await server.account('other');
  const locker = new pg.Client({ connectionString: server.config.db });
  await locker.connect();
  try {
    await holdRequestsBehindALock(server, locker, demoKey, otherKey);
  } finally {
    // Ending the session drops the lock, so a failed check cannot leave the server's close waiting on it.
    await locker.end();
  }
  assert.equal((await server.call('/sys/balance.php', { apikey: demoKey })).text, '100.00', 'the slots are free again once the requests end');
});

/** Holds two status and two history requests of `demo` on a lock of messages: a 3rd status, then a 5th request, are refused. */
async function holdRequestsBehindALock(server: TestServer, locker: pg.Client, demoKey: string, otherKey: string): Promise<void> {
  await locker.query('BEGIN');
  await locker.query('LOCK TABLE messages IN ACCESS EXCLUSIVE MODE');
  const waitingOnTheLock = async () => Number((await locker.query(`SELECT count(*) AS n FROM pg_locks WHERE relation = 'messages'::regclass AND NOT granted`)).rows[0].n);
  const held: Promise<{ text: string }>[] = [];
  const hold = async (path: string, params: Record<string, string | number>) => {
    held.push(server.call(path, { apikey: demoKey, fmt: 1, ...params }));
    await waitFor(`${held.length} requests waiting on the lock`, async () => (await waitingOnTheLock()) === held.length);
  };

  // Reads of messages, so each one waits on the lock; none of them finds anything.
  await hold('/sys/status.php', { id: 1, phone: '79991234567' });
  await hold('/sys/status.php', { id: 2, phone: '79991234567' });
  assert.equal((await server.call('/sys/status.php', { apikey: demoKey, id: 3, phone: '79991234567', fmt: 1 })).text, '0,-9', 'the 3rd concurrent status request');
  await hold('/sys/get.php', { get_messages: 1, phone: '79991234567' });
  await hold('/sys/get.php', { get_messages: 1, phone: '79997654321' });
  assert.equal((await server.call('/sys/balance.php', { apikey: demoKey })).text, 'ERROR = 9 (too many concurrent requests)', 'the 5th concurrent request');
  assert.equal((await server.call('/sys/balance.php', { apikey: otherKey })).text, '100.00', 'another login is served meanwhile');

  await locker.query('COMMIT');
  const notFound = ['-3', '-3', '0,-3', '0,-3'];
  assert.deepEqual((await Promise.all(held)).map((a) => a.text), notFound, 'the held requests are answered once the lock goes');
}

test('junk cannot grow the limits\' memory: every rule and both IP-block reasons stay within their caps', () => {
  const limits = new Limits(DEFAULT_CONFIG.limits, () => 0);
  const rules: LimitRule[] = ['identicalSend', 'identicalCostQuery', 'statusPerMessage', 'statusMass', 'balance', 'identicalHistory', 'history', 'identicalPrice', 'identicalOperator', 'operator'];
  for (const rule of rules) for (let i = 0; i < MAX_TRACKED_REQUEST_KEYS + 100; i++) limits.take(rule, `junk|${i}`);
  for (let i = 0; i < MAX_TRACKED_IPS + 100; i++) {
    const ip = `2001:db8::${i.toString(16)}`;
    limits.recordFailedLogin(ip);
    limits.recordSendResult(ip, true);
  }
  assert.equal(limits.stats().trackedKeys, rules.length * MAX_TRACKED_REQUEST_KEYS + 2 * MAX_TRACKED_IPS);
});
