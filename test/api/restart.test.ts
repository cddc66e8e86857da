// A restart loses nothing: queued and transferred messages all reach final statuses afterwards (DESIGN "accepted").
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DATABASES } from '../support/databases.ts';
import { startTestServer } from '../support/server.ts';
import { waitFor } from '../support/wait.ts';

const AUTH = { login: 'demo', psw: 'S3cret-pass' };

for (const database of DATABASES) {
  test(`${database.name}: messages waiting and in flight at shutdown are delivered after a restart`, async (t) => {
    const { url, drop } = await database.create();
    t.after(drop);
    // First life: receipts take a minute, so transferred messages are still waiting for them at shutdown.
    const first = await startTestServer(t, database, { simulator: { submitDelayMs: 1, receiptDelayMs: 60_000 } }, url);
    await first.account('demo');
    for (let i = 0; i < 20; i++) await first.call('/sys/send.php', { ...AUTH, phones: `7999000${String(1000 + i)}`, mes: `now ${i}` });
    const soon = Math.floor(Date.now() / 1000) + 2;
    for (let i = 0; i < 20; i++) await first.call('/sys/send.php', { ...AUTH, phones: `7999100${String(1000 + i)}`, mes: `later ${i}`, time: `0${soon}` });
    await waitFor('the immediate messages to be transferred', async () => {
      const rows = await first.store.db.selectFrom('messages').select('status').where('body', 'like', 'now%').execute();
      return rows.every((r) => r.status === 0) ? rows : undefined;
    });
    await first.close();

    const second = await startTestServer(t, database, {}, url);
    const rows = await waitFor('all 40 messages delivered after the restart', async () => {
      const all = await second.store.db.selectFrom('messages').select(['status', 'err']).execute();
      return all.length === 40 && all.every((r) => r.status === 1) ? all : undefined;
    }, { timeoutMs: 10_000 });
    assert.equal(rows.length, 40);
    const ledger = await second.store.db.selectFrom('ledger').select((eb) => eb.fn.sum<number>('amount_minor').as('sum')).executeTakeFirstOrThrow();
    const balance = await second.store.db.selectFrom('accounts').select('balance_minor').executeTakeFirstOrThrow();
    assert.equal(Number(ledger.sum), balance.balance_minor, 'balance equals the ledger');
    assert.equal(balance.balance_minor, 10_000 - 40 * 150);
  });
}
