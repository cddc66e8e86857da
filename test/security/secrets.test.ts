// Secrets at rest, in logs and in answers (issue 7, docs/security.md): no password, md5 of one, or API key is stored,
// logged or echoed, however a client sends it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { Writable } from 'node:stream';
import { sql } from 'kysely';
import { registerAccountCommands } from '../../src/cli/accounts.ts';
import { SCRIPT_PATHS } from '../../src/api/server.ts';
import { DEFAULT_CONFIG } from '../../src/config.ts';
import { DEFAULT_LOGGER } from '../../src/server.ts';
import type { Store } from '../../src/store/database.ts';
import { cliHarness } from '../support/cli.ts';
import { DATABASES } from '../support/databases.ts';
import { startTestServer } from '../support/server.ts';
import { encodeQuery } from '../support/smsc-client.ts';
import { waitFor } from '../support/wait.ts';
import { openRaw } from './raw-http.ts';

const sqlite = DATABASES[0]!;
/** A balance answer: what an authenticated balance.php says. */
const BALANCE = /^\d+\.\d\d$/;
const md5 = (text: string) => createHash('md5').update(text).digest('hex');

/** Each secret that occurs in `text`, as a readable name. */
function leaked(text: string, secrets: Record<string, string>): string[] {
  return Object.entries(secrets).flatMap(([name, secret]) => (text.includes(secret) ? [name] : []));
}

/** A log line as text, with every serialised Buffer ({type: 'Buffer', data: [...]}) spelled out as its bytes. */
function withBuffersDecoded(line: string): string {
  return line.replace(/\{"type":"Buffer","data":\[([\d,]*)\]\}/g, (_all, bytes: string) => Buffer.from(bytes.split(',').map(Number)).toString('latin1'));
}

/** Every value of every row of every table, and for SQLite the raw bytes of the database files too. */
async function everythingStored(store: Store): Promise<string> {
  const parts: string[] = [];
  for (const table of await store.db.introspection.getTables()) {
    const rows = await store.db.selectFrom(table.name as never).selectAll().execute();
    parts.push(JSON.stringify(rows));
  }
  if (store.dialect === 'sqlite') {
    const [main] = (await sql<{ file: string }>`PRAGMA database_list`.execute(store.db)).rows;
    for (const file of [main!.file, `${main!.file}-wal`]) if (existsSync(file)) parts.push(readFileSync(file).toString('latin1'));
  }
  return parts.join('\n');
}

for (const database of DATABASES) {
  test(`${database.name}: the database holds no password, md5 of one, or API key after the account commands`, async (t) => {
    const { run, store } = await cliHarness(t, database, registerAccountCommands);
    const keys: string[] = [];
    const keyOf = (stdout: string) => keys.push(/^api_key: (\S+)$/m.exec(stdout)![1]!);
    keyOf((await run('account', 'create', 'demo', '--password', 'First-Pa55word', '--balance', '10')).stdout);
    keyOf((await run('account', 'apikey', 'demo')).stdout);
    keyOf((await run('account', 'create', 'other', '--password', 'Other-Pa55word')).stdout);
    assert.equal((await run('account', 'password', 'demo', 'Second-Pa55word')).stdout, 'login: demo\npassword: changed\n');
    assert.equal((await run('account', 'apikey', 'demo', '--revoke', '1')).stdout, 'revoked_api_key_id: 1\n');
    const stored = await everythingStored(store);
    assert.match(stored, /scrypt\$/, 'the password hashes were read');
    const secrets: Record<string, string> = Object.fromEntries(keys.map((key, i) => [`api key ${i}`, key]));
    for (const password of ['First-Pa55word', 'Second-Pa55word', 'Other-Pa55word']) {
      secrets[password] = password;
      secrets[`md5 of ${password}`] = md5(password);
    }
    assert.deepEqual(leaked(stored, secrets), []);
  });
}

test('log lines at trace level hold no password, md5 of one, or API key: query, bodies, JSON, failed logins, malformed requests', async (t) => {
  const lines: string[] = [];
  const logStream = new Writable({ write: (chunk, _encoding, done) => (lines.push(String(chunk)), done()) });
  const limits = { ...DEFAULT_CONFIG.limits, balancePerMinute: 1000 };
  const server = await startTestServer(t, sqlite, { limits }, undefined, { logger: { ...DEFAULT_LOGGER, level: 'trace' }, logStream });
  const password = 'Log-Pa55word';
  const apiKey = await server.account('demo', { password });
  const wrong = 'Wrong-Guess-77';
  const secrets = { password, 'md5 of the password': md5(password), 'API key': apiKey, 'wrong password': wrong, 'md5 of the wrong password': md5(wrong) };
  const send = { phones: '79991234567', mes: 'log check' };
  const text = async (response: Promise<Response>) => (await response).text();
  const json = (body: object) => text(fetch(`${server.url}/rest/send/`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }));
  for (const encoding of ['get', 'urlencoded', 'multipart'] as const) {
    const call = async (path: string, params: Record<string, string>) => (await server.call(path, params, { encoding })).text;
    assert.match(await call('/sys/balance.php', { login: 'demo', psw: password }), BALANCE, encoding);
    assert.match(await call('/sys/balance.php', { login: 'demo', psw: md5(password) }), BALANCE, encoding);
    assert.match(await call('/sys/balance.php', { apikey: apiKey }), BALANCE, encoding);
    assert.match(await call('/sys/balance.php', { login: '', psw: apiKey }), BALANCE, encoding);
    assert.match(await call('/sys/send.php', { login: 'demo', psw: password, ...send, mes: `via ${encoding}` }), /^OK/, encoding);
  }
  // Parameter names percent-encoded, and in another case: whatever the wire layer reads as psw is masked.
  assert.match(await text(fetch(`${server.url}/sys/balance.php?login=demo&ps%77=${password}`)), BALANCE);
  assert.match(await text(fetch(`${server.url}/sys/balance.php?%61pikey=${apiKey}`)), BALANCE);
  assert.equal(await text(fetch(`${server.url}/sys/balance.php?login=demo&PSW=${password}`)), 'ERROR = 2 (authorise error)');
  assert.match(await json({ login: 'demo', psw: password, ...send, mes: 'via json' }), /^OK/);
  assert.match(await json({ apikey: apiKey, ...send, mes: 'via json key' }), /^OK/);
  // Failed logins, after the successes so the block they cause does not get in the way.
  for (const encoding of ['get', 'urlencoded'] as const) {
    assert.match((await server.call('/sys/balance.php', { login: 'demo', psw: wrong }, { encoding })).text, /^ERROR = 2/);
    assert.match((await server.call('/sys/balance.php', { login: 'demo', psw: md5(wrong) }, { encoding })).text, /^ERROR = [24]/);
  }
  // A request node cannot parse is logged by fastify with the raw bytes it received.
  const malformed = await openRaw(t, server.url);
  malformed.socket.write(`GET /sys/balance.php?login=demo&psw=${password}&apikey=${apiKey} HTTP/1.1\r\nBad Header\r\n\r\n`);
  await waitFor('the malformed request to be refused', () => malformed.closed());
  assert.match(malformed.received(), /^HTTP\/1\.1 400 /);

  const log = lines.map(withBuffersDecoded).join('');
  assert.match(log, /"url":"\/sys\/balance\.php\?login=demo&ps%77=\*\*\*"/, 'the request is logged, masked');
  assert.match(log, /"url":"\/sys\/balance\.php\?%61pikey=\*\*\*"/);
  assert.match(log, /client error/, 'the malformed request was logged');
  assert.deepEqual(leaked(log, secrets), [], lines.map(withBuffersDecoded).filter((l) => leaked(l, secrets).length).join('').slice(0, 3000));
});

test('error answers never echo the password or API key, in any script or fmt', async (t) => {
  const server = await startTestServer(t, sqlite, { limits: { ...DEFAULT_CONFIG.limits, failedLoginsToBlock: 1000 } });
  const password = 'Echo-Pa55word';
  const apiKey = await server.account('demo', { password });
  const secrets = { password, 'md5 of the password': md5(password), 'API key': apiKey };
  for (const path of SCRIPT_PATHS) {
    for (const fmt of [0, 1, 2, 3]) {
      // Wrong credentials (error 2), and right ones with parameters every script refuses (error 1 or its own).
      const attempts: Record<string, string>[] = [{ login: 'demo', psw: `${password}x` }, { apikey: `${apiKey}x` }, { login: 'demo', psw: password, phones: 'x', phone: 'x', id: '' }];
      for (const params of attempts) {
        const answer = await server.call(path, { ...params, fmt });
        assert.deepEqual(leaked(answer.text, secrets), [], `${path} ${encodeQuery(params, 'utf-8')} fmt=${fmt}: ${answer.text}`);
      }
    }
  }
});
