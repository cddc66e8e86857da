// `npm start`'s command (package.json): the bundle, under the node flags and environment the script gives it, takes a send and delivers it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BUNDLE, buildBundle } from '../scripts/build.ts';
import { createAccount } from '../src/core/accounts.ts';
import { openStore } from '../src/store/database.ts';
import { startGatewayProcess } from './support/gateway-process.ts';
import { callSmsc } from './support/smsc-client.ts';
import { notYet, waitFor } from './support/wait.ts';

const AUTH = { login: 'demo', psw: 'S3cret-pass' };

/** The last command of the start script, `NAME=value … node FLAGS… BUNDLE serve`, taken apart. */
function startCommand(): { env: Record<string, string>; nodeOptions: string[]; bundle: string } {
  const { scripts } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { scripts: { start: string } };
  const words = scripts.start.split('&&').at(-1)!.trim().split(/\s+/);
  const node = words.indexOf('node');
  const bundle = words.findIndex((word) => word.endsWith('.mjs'));
  assert.ok(node >= 0 && bundle > node && words[bundle + 1] === 'serve', `the start script runs node on a bundle: ${scripts.start}`);
  const env = Object.fromEntries(words.slice(0, node).map((word) => word.split('=') as [string, string]));
  return { env, nodeOptions: words.slice(node + 1, bundle), bundle: words[bundle]! };
}

test("npm start's node flags and environment run the bundle: a send is accepted and delivered by the built-in simulator", { timeout: 60_000 }, async (t) => {
  const { env, nodeOptions, bundle } = startCommand();
  assert.equal(bundle, BUNDLE);
  await buildBundle();
  const dir = mkdtempSync(join(tmpdir(), 'opensmsc-start-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const db = join(dir, 'gateway.sqlite');
  const configFile = join(dir, 'config.json');
  // No settings: the defaults of `npm start`, the embedded SMPP simulator as the route.
  writeFileSync(configFile, '{}');
  const store = await openStore(db);
  t.after(() => store.close());
  const created = await createAccount(store, { login: AUTH.login, password: AUTH.psw, balanceMinor: 10_000, currency: 'RUB', now: Date.now() });
  assert.ok('account' in created);

  const gateway = await startGatewayProcess(t, { db, configFile, bundle, nodeOptions, env });
  const sent = await callSmsc(gateway.url, '/sys/send.php', { ...AUTH, phones: '79991234567', mes: 'start', fmt: 3 });
  const { id, cnt } = JSON.parse(sent.text) as { id: number; cnt: number };
  assert.equal(cnt, 1, sent.text);
  // From the test's own connection: polling status.php would meet the identical-request limit (spec §4.5).
  const row = await waitFor('the message final', async () => {
    const found = await store.db.selectFrom('messages').select(['msg_id', 'status']).where('status', '>', 0).executeTakeFirst();
    return found ?? notYet(`the gateway wrote: ${gateway.output()}`);
  }, { timeoutMs: 20_000, intervalMs: 100 });
  assert.deepEqual(row, { msg_id: String(id), status: 1 });
  assert.equal(await gateway.stop(), 0, 'SIGTERM ends it cleanly');
});
