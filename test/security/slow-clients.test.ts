// Slow clients over raw sockets (issue 7, docs/security.md): dribbled headers and bodies are cut off, idle
// keep-alive connections closed, and a normal client on another connection is served meanwhile.
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../src/config.ts';
import { DATABASES } from '../support/databases.ts';
import { startTestServer, type TestServer } from '../support/server.ts';
import { waitFor } from '../support/wait.ts';
import { openRaw, type RawConnection } from './raw-http.ts';

const sqlite = DATABASES[0]!;
/** Small bounds so a cut comes quickly; a dribbler writes far more often, so no idle timeout can be what cuts it. */
const BOUNDS = { headersTimeoutMs: 1_000, requestTimeoutMs: 1_500 };
const DRIBBLE_EVERY_MS = 20;
/** Slowloris opens many connections; all of them together must not starve an honest client. */
const DRIBBLERS = 20;

/** Writes one piece of `piece(i)` every DRIBBLE_EVERY_MS until the server closes the connection. */
function dribble(t: TestContext, connection: RawConnection, piece: (i: number) => string): void {
  let i = 0;
  const timer = setInterval(() => {
    if (connection.closed()) clearInterval(timer);
    else connection.socket.write(piece(i++));
  }, DRIBBLE_EVERY_MS);
  t.after(() => clearInterval(timer));
}

/** Starts `DRIBBLERS` slow clients, checks an honest client is answered meanwhile, then that every slow one was cut off. */
async function slowClientsAreCutOff(t: TestContext, server: TestServer, opening: string, piece: (i: number) => string): Promise<void> {
  const apiKey = await server.account('demo');
  const slow = await Promise.all(Array.from({ length: DRIBBLERS }, () => openRaw(t, server.url)));
  for (const connection of slow) {
    connection.socket.write(opening);
    dribble(t, connection, piece);
  }
  assert.equal((await server.call('/sys/balance.php', { apikey: apiKey })).text, '100.00', 'served while the slow clients hold their connections');
  assert.ok(slow.every((c) => !c.closed()), 'the slow clients were still connected when the honest one was served');
  await waitFor('every slow client to be cut off', () => slow.every((c) => c.closed()), { timeoutMs: 10_000 });
  for (const connection of slow) assert.match(connection.received(), /^HTTP\/1\.1 408 Request Timeout\r\n/, 'cut off with 408, no SMSC answer');
}

test('a client dribbling its headers is cut off after headersTimeoutMs; others are served meanwhile', async (t) => {
  const server = await startTestServer(t, sqlite, BOUNDS);
  await slowClientsAreCutOff(t, server, 'GET /sys/balance.php?login=demo&psw=S3cret-pass HTTP/1.1\r\nHost: x\r\n', (i) => `X-Slow-${i}: y\r\n`);
});

test('a client dribbling its body is cut off after requestTimeoutMs; others are served meanwhile', async (t) => {
  const server = await startTestServer(t, sqlite, BOUNDS);
  const headers = 'POST /sys/balance.php HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 100000\r\n\r\n';
  await slowClientsAreCutOff(t, server, headers, () => 'a');
});

test('an idle keep-alive connection is closed after keepAliveTimeoutMs', async (t) => {
  // The request bound is long, so only the keep-alive bound can close the connection within the wait.
  const server = await startTestServer(t, sqlite, { keepAliveTimeoutMs: 200, headersTimeoutMs: 60_000, requestTimeoutMs: 60_000 });
  const idle = await openRaw(t, server.url);
  idle.socket.write('GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: keep-alive\r\n\r\n');
  await waitFor('the keep-alive connection to be closed', () => idle.closed());
  assert.match(idle.received(), /^HTTP\/1\.1 200 OK\r\n[^]*\r\n\r\nok$/, 'the request was answered before the close');
});

test('connection settings are validated at start: positive timeouts, headers within the request bound, proxy addresses', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'opensmsc-config-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const load = (settings: object) => {
    const configFile = join(dir, 'config.json');
    writeFileSync(configFile, JSON.stringify(settings));
    return loadConfig({ configFile }, {});
  };
  assert.throws(() => load({ headersTimeoutMs: 0 }), /headersTimeoutMs must be a positive whole number of milliseconds/);
  assert.throws(() => load({ keepAliveTimeoutMs: -1 }), /keepAliveTimeoutMs must be a positive/);
  assert.throws(() => load({ headersTimeoutMs: 40_000 }), /headersTimeoutMs must not exceed requestTimeoutMs/);
  assert.throws(() => load({ trustProxy: 'proxy.example' }), /trustProxy must be comma-separated proxy IPs or CIDRs, not "proxy.example"/);
  assert.throws(() => load({ trustProxy: true }), /trustProxy must be comma-separated proxy IPs or CIDRs, not "true"/);
  const { headersTimeoutMs, requestTimeoutMs, keepAliveTimeoutMs, trustProxy } = load({ trustProxy: ' 10.0.0.0/8, ::1 ' });
  assert.deepEqual({ headersTimeoutMs, requestTimeoutMs, keepAliveTimeoutMs, trustProxy }, { headersTimeoutMs: 10_000, requestTimeoutMs: 30_000, keepAliveTimeoutMs: 72_000, trustProxy: '10.0.0.0/8,::1' });
});
