// The SMSC limits and IP blocking over real HTTP (spec §2, §3.7, §4.5, §5, §15); limits live in memory, so SQLite only.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_CONFIG } from '../../src/config.ts';
import { DATABASES } from '../support/databases.ts';
import { startTestServer } from '../support/server.ts';

const sqlite = DATABASES[0]!;
const AUTH = { login: 'demo', psw: 'S3cret-pass' };
const DUPLICATE = 'ERROR = 9 (duplicate request, wait a minute)';

test('§3.7 one identical send a minute; a failed send does not count', async (t) => {
  const server = await startTestServer(t, sqlite);
  await server.account('demo', { balance: '1' });
  const send = { ...AUTH, phones: '79991234567', mes: 'Hi' };
  assert.equal((await server.call('/sys/send.php', send)).text, 'ERROR = 3 (no money), ID - 1');
  await server.store.db.updateTable('accounts').set({ balance_minor: 1000 }).execute();
  assert.equal((await server.call('/sys/send.php', send)).text, 'OK - 1 SMS, ID - 2', 'the retry after a failure goes through');
  assert.equal((await server.call('/sys/send.php', send)).text, DUPLICATE);
  const other = { ...send, mes: 'Other', fmt: 3 };
  assert.equal((await server.call('/sys/send.php', other)).text, '{\n"id": 3,\n"cnt": 1\n}', 'a different text is another request');
  assert.equal((await server.call('/sys/send.php', other)).text, '{\n"error": "duplicate request, wait a minute",\n"error_code": 9\n}');
});

test('§3.7 five identical cost=1 requests a minute; §5 ten balance requests a minute', async (t) => {
  const server = await startTestServer(t, sqlite);
  await server.account('demo');
  const quotes = [];
  for (let i = 0; i < 6; i++) quotes.push((await server.call('/sys/send.php', { ...AUTH, phones: '79991234567', mes: 'Hi', cost: 1, fmt: 1 })).text);
  assert.deepEqual(quotes, ['1.5,1', '1.5,1', '1.5,1', '1.5,1', '1.5,1', '0,-9']);
  const balances = [];
  for (let i = 0; i < 11; i++) balances.push((await server.call('/sys/balance.php', AUTH)).text);
  assert.deepEqual(balances, [...Array(10).fill('100.00'), 'ERROR = 9 (duplicate request, wait a minute)']);
});

test('§4.5 five status requests for one message a minute; one multi request a minute', async (t) => {
  const server = await startTestServer(t, sqlite);
  await server.account('demo');
  await server.call('/sys/send.php', { ...AUTH, phones: '79991234567', mes: 'Hi' });
  const answers = [];
  for (let i = 0; i < 6; i++) answers.push((await server.call('/sys/status.php', { ...AUTH, phone: '79991234567', id: 1, fmt: 1 })).text);
  assert.equal(answers.filter((a) => a === '0,-9').length, 1);
  assert.equal(answers[5], '0,-9');
  assert.notEqual((await server.call('/sys/status.php', { ...AUTH, phone: '79991234567', id: '1,', fmt: 1 })).text, '0,-9');
  assert.equal((await server.call('/sys/status.php', { ...AUTH, phone: '79991234567', id: '1,2', fmt: 1 })).text, '0,-9');
});

test('§2 five failed logins block the IP for every script; error 4 in each fmt', async (t) => {
  const server = await startTestServer(t, sqlite);
  await server.account('demo');
  for (let i = 0; i < 5; i++) {
    assert.equal((await server.call('/sys/balance.php', { login: 'demo', psw: `guess${i}` })).text, 'ERROR = 2 (authorise error)');
  }
  assert.equal((await server.call('/sys/balance.php', AUTH)).text, 'ERROR = 4 (ip is blocked)', 'the right password no longer helps');
  assert.equal((await server.call('/sys/send.php', { ...AUTH, phones: '79991234567', mes: 'x', fmt: 1 })).text, '0,-4');
  assert.equal((await server.call('/sys/status.php', { ...AUTH, phone: '79991234567', id: 1, fmt: 3 })).text, '{\n"error": "ip is blocked",\n"error_code": 4\n}');
});

test('§2 an allowlisted IP is exempt from the login rule; another IP gets error 2', async (t) => {
  const server = await startTestServer(t, sqlite);
  await server.account('demo', { allowedIps: '127.0.0.0/8' });
  await server.account('fenced', { allowedIps: '192.0.2.7' });
  for (let i = 0; i < 6; i++) await server.call('/sys/balance.php', { login: 'demo', psw: `guess${i}` });
  assert.equal((await server.call('/sys/balance.php', AUTH)).text, '100.00');
  assert.equal((await server.call('/sys/balance.php', { login: 'fenced', psw: 'S3cret-pass' })).text, 'ERROR = 2 (authorise error)');
});

test('§2 100 erroneous sends in a row block the IP; a good send breaks the run', async (t) => {
  const server = await startTestServer(t, sqlite);
  await server.account('demo');
  for (let i = 0; i < 99; i++) await server.call('/sys/send.php', { ...AUTH, phones: 'bad', mes: `m${i}` });
  assert.equal((await server.call('/sys/send.php', { ...AUTH, phones: '79991234567', mes: 'good' })).text, 'OK - 1 SMS, ID - 100');
  for (let i = 0; i < 99; i++) await server.call('/sys/send.php', { ...AUTH, phones: 'bad', mes: `n${i}` });
  assert.match((await server.call('/sys/send.php', { ...AUTH, phones: 'bad', mes: 'last' })).text, /^ERROR = 7 /, 'the 100th erroneous send is still answered');
  assert.equal((await server.call('/sys/balance.php', AUTH)).text, 'ERROR = 4 (ip is blocked)');
});

// On SQLite a submission never yields to other requests (better-sqlite3 is synchronous), so requests only
// overlap where they wait on the network: PostgreSQL.
const postgres = DATABASES.find((d) => d.name === 'postgres');

test('§3.2 too many concurrent requests of one login answer error 9', { skip: !postgres && 'PostgreSQL does not answer' }, async (t) => {
  const server = await startTestServer(t, postgres!, { limits: { ...DEFAULT_CONFIG.limits, concurrentPerLogin: 2 } });
  await server.account('demo', { balance: '100000' });
  const phones = Array.from({ length: 3000 }, (_, i) => `7999${String(i).padStart(7, '0')}`).join(',');
  const answers = await Promise.all(
    Array.from({ length: 8 }, (_, i) => server.call('/sys/send.php', { ...AUTH, phones, mes: `bulk ${i}`, fmt: 1 }, { encoding: 'urlencoded' })),
  );
  const texts = answers.map((a) => a.text);
  assert.ok(texts.includes('0,-9'), `some requests were refused: ${texts.join(' | ')}`);
  assert.ok(texts.some((text) => /^\d+,3000$/.test(text)), 'some went through');
});
