// Log lines carry what happened but never a password or an API key (docs/api.md).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { DATABASES } from '../support/databases.ts';
import { DEFAULT_CONFIG } from '../../src/config.ts';
import { DEFAULT_LOGGER, startServer } from '../../src/server.ts';
import { createAccount } from '../../src/core/accounts.ts';
import { FAST_CONFIG } from '../support/server.ts';
import { callSmsc } from '../support/smsc-client.ts';

test('request logs mask psw and apikey, in the query and never from bodies', async (t) => {
  const { url, drop } = await DATABASES[0]!.create();
  const lines: string[] = [];
  const logStream = new Writable({ write: (chunk, _encoding, done) => (lines.push(String(chunk)), done()) });
  const server = await startServer({ ...DEFAULT_CONFIG, ...FAST_CONFIG, db: url }, { logger: { ...DEFAULT_LOGGER, level: 'info' }, logStream });
  t.after(async () => {
    await server.close();
    await drop();
  });
  const created = await createAccount(server.store, { login: 'demo', password: 'Pa55-word-secret', currency: 'RUB', balanceMinor: 1000, now: Date.now() });
  assert.ok(!('error' in created));
  await callSmsc(server.url, '/sys/balance.php', { login: 'demo', psw: 'Pa55-word-secret' });
  await callSmsc(server.url, '/sys/balance.php', { apikey: created.apiKey });
  await callSmsc(server.url, '/sys/send.php', { login: 'demo', psw: 'Pa55-word-secret', phones: '79991234567', mes: 'x' }, { encoding: 'urlencoded' });
  const log = lines.join('');
  assert.match(log, /"url":"\/sys\/balance.php\?login=demo&psw=\*\*\*"/, 'the request is logged, masked');
  assert.ok(!log.includes('Pa55-word-secret'), 'no password in the log');
  assert.ok(!log.includes(created.apiKey), 'no API key in the log');
});
