// `npm start`'s default delivery: SMS over real SMPP to a simulator in the same process, e-mail to the built-in one.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_CONFIG } from '../../src/config.ts';
import { DATABASES } from '../support/databases.ts';
import { startTestServer } from '../support/server.ts';
import { waitFor } from '../support/wait.ts';

const AUTH = { login: 'demo', psw: 'S3cret-pass' };

test('the default config routes SMS through the embedded SMPP simulator and e-mail to the built-in simulator', async (t) => {
  const server = await startTestServer(t, DATABASES[0]!, { connectors: DEFAULT_CONFIG.connectors, routes: DEFAULT_CONFIG.routes });
  await server.account('demo');
  await server.call('/sys/send.php', { ...AUTH, phones: '79991234567,79990000020,79990000022', mes: 'Привет через SMPP' }, { charset: 'utf-8' });
  await server.call('/sys/send.php', { ...AUTH, mail: 1, phones: 'a@example.com', subj: 's', mes: 'mail' });
  const rows = await waitFor('final statuses', async () => {
    const all = await server.store.db.selectFrom('messages').select(['phone', 'status', 'err', 'connector']).orderBy('int_id').execute();
    return all.every((r) => r.status > 0) ? all : undefined;
  });
  assert.deepEqual(rows, [
    { phone: '79991234567', status: 1, err: 0, connector: 'smsc' },
    { phone: '79990000020', status: 20, err: 1, connector: 'smsc' },
    { phone: '79990000022', status: 22, err: 249, connector: 'smsc' },
    { phone: 'a@example.com', status: 1, err: 0, connector: 'simulator' },
  ]);
  const parts = await server.store.db.selectFrom('message_parts').select('carrier_id').where('connector', '=', 'smsc').execute();
  assert.equal(parts.length, 2, 'the two SMS the SMPP simulator took carry its message ids');
  assert.ok(parts.every((p) => /^[0-9a-f]+$/.test(p.carrier_id)), JSON.stringify(parts));
});
