// mail=1 over HTTP → SMTP relay (a real smtp-server mailbox on loopback) → status, with SMS routed elsewhere (issue 4).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SMTP_DEFAULTS } from '../../src/delivery/delivery-config.ts';
import { DATABASES } from '../support/databases.ts';
import { startTestServer } from '../support/server.ts';
import { openSmtpMailbox } from '../support/smtp-mailbox.ts';
import { waitFor } from '../support/wait.ts';

const AUTH = { login: 'demo', psw: 'S3cret-pass' };

for (const database of DATABASES) {
  test(`${database.name}: an accepted e-mail is status 1, a rejected one status 20 and refunded; SMS still goes to the simulator`, async (t) => {
    const mailbox = await openSmtpMailbox();
    t.after(() => mailbox.close());
    mailbox.rejectRecipient('nobody@example.com', 550);
    const server = await startTestServer(t, database, {
      connectors: [
        { type: 'simulator', name: 'sim' },
        { ...SMTP_DEFAULTS, type: 'smtp', name: 'mail', host: mailbox.host, port: mailbox.port, from: 'gateway@example.com', timeoutMs: 5000 },
      ],
      routes: [{ kinds: ['mail'], connectors: ['mail'] }, { connectors: ['sim'] }],
    });
    await server.account('demo', { balance: '10' });
    const sent = await server.call('/sys/send.php', { ...AUTH, mail: 1, phones: 'anna@example.com,nobody@example.com', subj: 'Заказ №42', mes: 'Ваш заказ готов 📦', sender: 'shop@example.com' }, { charset: 'utf-8' });
    assert.equal(sent.text, 'OK - 2 SMS, ID - 1');
    await server.call('/sys/send.php', { ...AUTH, phones: '79991234567', mes: 'sms' });

    const rows = await waitFor('final statuses', async () => {
      const all = await server.store.db.selectFrom('messages').select(['phone', 'status', 'err', 'connector']).orderBy('int_id').execute();
      return all.every((r) => r.status > 0) ? all : undefined;
    });
    assert.deepEqual(rows, [
      { phone: 'anna@example.com', status: 1, err: 0, connector: 'mail' },
      { phone: 'nobody@example.com', status: 20, err: 1, connector: 'mail' },
      { phone: '79991234567', status: 1, err: 0, connector: 'sim' },
    ]);
    const [mail] = await mailbox.waitForMessages(1);
    assert.equal(mail!.parsed.subject, 'Заказ №42');
    assert.equal(mail!.parsed.text?.trim(), 'Ваш заказ готов 📦');
    assert.equal(mail!.parsed.from?.value[0]?.address, 'shop@example.com');
    assert.deepEqual(mail!.rcptTo, ['anna@example.com']);
    assert.equal((await server.call('/sys/balance.php', AUTH)).text, '8.40', 'the rejected e-mail refunded; 0.10 + 1.50 charged');
  });
}
