// Which IP the IP rules see (spec §2, docs/security.md): the peer's, unless the peer is a configured trusted proxy,
// and then the nearest address in X-Forwarded-For that is not a trusted proxy.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DATABASES } from '../support/databases.ts';
import { startTestServer, type TestServer } from '../support/server.ts';
import { encodeQuery } from '../support/smsc-client.ts';

const sqlite = DATABASES[0]!;
const AUTH = { login: 'demo', psw: 'S3cret-pass' };
const ATTACKER = '203.0.113.5';
const CUSTOMER = '198.51.100.9';

/** balance.php from the test's 127.0.0.1, with an X-Forwarded-For header naming `forwardedFor`. */
async function balanceVia(server: TestServer, forwardedFor: string, params: Record<string, string>): Promise<string> {
  const response = await fetch(`${server.url}/sys/balance.php?${encodeQuery(params, 'utf-8')}`, { headers: { 'x-forwarded-for': forwardedFor } });
  return response.text();
}

test('by default X-Forwarded-For is ignored: a client cannot dodge a block or pass an allowlist by naming another IP', async (t) => {
  const server = await startTestServer(t, sqlite);
  await server.account('demo');
  await server.account('fenced', { password: 'Fenced-pass', allowedIps: CUSTOMER });
  assert.equal(await balanceVia(server, CUSTOMER, { login: 'fenced', psw: 'Fenced-pass' }), 'ERROR = 2 (authorise error)', 'a forged address does not pass the allowlist');
  // The refused allowlist was failure 1 of the peer's five.
  for (let i = 1; i < 5; i++) await balanceVia(server, `203.0.113.${i}`, { login: 'demo', psw: `guess-${i}` });
  assert.equal(await balanceVia(server, CUSTOMER, AUTH), 'ERROR = 4 (ip is blocked)', 'five failures from one peer block it, whatever the header says');
});

test('trustProxy: behind a listed proxy each client is its own IP for blocks and allowlists; forged hops do not help', async (t) => {
  const server = await startTestServer(t, sqlite, { trustProxy: '127.0.0.1' });
  await server.account('demo');
  await server.account('fenced', { password: 'Fenced-pass', allowedIps: CUSTOMER });
  assert.equal(await balanceVia(server, CUSTOMER, { login: 'fenced', psw: 'Fenced-pass' }), '100.00', 'the allowlist sees the client behind the proxy');
  for (let i = 0; i < 5; i++) assert.equal(await balanceVia(server, ATTACKER, { login: 'demo', psw: `guess-${i}` }), 'ERROR = 2 (authorise error)');
  assert.equal(await balanceVia(server, ATTACKER, AUTH), 'ERROR = 4 (ip is blocked)', 'the attacker is blocked');
  assert.equal(await balanceVia(server, `${CUSTOMER}, ${ATTACKER}`, AUTH), 'ERROR = 4 (ip is blocked)', 'an address the attacker prepends is not trusted');
  assert.equal(await balanceVia(server, CUSTOMER, AUTH), '100.00', 'another client behind the same proxy is not');
});
