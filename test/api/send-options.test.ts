// send.php options over real HTTP (spec §3.1): list, translit, flash, maxsms, valid, error 8, and the /rest/send/ JSON body.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DATABASES } from '../support/databases.ts';
import { startTestServer } from '../support/server.ts';

const AUTH = { login: 'demo', psw: 'S3cret-pass' };

for (const database of DATABASES) {
  test(`${database.name}: §3.1 list — a different text per number, split on the first colon`, async (t) => {
    const server = await startTestServer(t, database);
    await server.account('demo');
    const list = '79991234567:Hello: you\n79991234568,79991234569:Второй текст';
    assert.equal((await server.call('/sys/send.php', { ...AUTH, list, fmt: 1 }, { charset: 'utf-8' })).text, '1,3');
    const rows = await server.store.db.selectFrom('messages').select(['phone', 'body']).orderBy('int_id').execute();
    assert.deepEqual(rows, [
      { phone: '79991234567', body: 'Hello: you' },
      { phone: '79991234568', body: 'Второй текст' },
      { phone: '79991234569', body: 'Второй текст' },
    ]);
  });

  test(`${database.name}: §3.1/§13 translit=1 turns a 2-part Cyrillic text into 1 GSM-7 part; flash=1 stores a flash SMS`, async (t) => {
    const server = await startTestServer(t, database);
    await server.account('demo');
    const text = 'Привет! Ваш код подтверждения 1234. Никому его не сообщайте, даже сотрудникам банка.';
    assert.equal((await server.call('/sys/send.php', { ...AUTH, phones: '79991234567', mes: text, fmt: 1 })).text, '1,2', '85 Cyrillic characters are 2 UCS-2 parts');
    assert.equal((await server.call('/sys/send.php', { ...AUTH, phones: '79991234567', mes: text, translit: 1, flash: 1, fmt: 1 })).text, '2,1');
    const row = await server.store.db.selectFrom('messages').select(['body', 'kind', 'sms_cnt']).where('msg_id', '=', '2').executeTakeFirstOrThrow();
    assert.equal(row.body, 'Privet! Vash kod podtverzhdeniya 1234. Nikomu ego ne soobshchayte, dazhe sotrudnikam banka.');
    assert.equal(row.kind, 1, 'flash is SMSC format 1');
    assert.equal(row.sms_cnt, 1);
  });

  test(`${database.name}: §3.1 maxsms cuts the text to fit; valid sets the lifetime`, async (t) => {
    const server = await startTestServer(t, database);
    await server.account('demo');
    assert.equal((await server.call('/sys/send.php', { ...AUTH, phones: '79991234567', mes: 'a'.repeat(400), maxsms: 2, valid: '01:30', fmt: 1 })).text, '1,2');
    const row = await server.store.db.selectFrom('messages').select(['body', 'due_at', 'expires_at']).executeTakeFirstOrThrow();
    assert.equal(row.body, 'a'.repeat(306), 'two concatenated GSM-7 parts hold 153 characters each');
    assert.equal(row.expires_at - row.due_at, 90 * 60_000);
    assert.equal((await server.call('/sys/send.php', { ...AUTH, phones: '79991234567', mes: 'x', valid: '25:00' })).text, 'ERROR = 1 (parameters error)');
  });

  test(`${database.name}: §3.2 error 8 when no valid number can be delivered; per-number status 25 otherwise`, async (t) => {
    const server = await startTestServer(t, database, { undeliverablePrefixes: ['7000'] });
    await server.account('demo');
    assert.equal((await server.call('/sys/send.php', { ...AUTH, phones: '70001234567', mes: 'x' })).text, "ERROR = 8 (can't to deliver), ID - 1");
    const mixed = await server.call('/sys/send.php', { ...AUTH, phones: '70001234567,79991234567', mes: 'y', err: 1, fmt: 1 });
    assert.equal(mixed.text, '2,1\n70001234567,,0,25,248');
    assert.equal((await server.call('/sys/balance.php', AUTH)).text, '98.50', 'only the deliverable number was charged');
  });

  test(`${database.name}: /rest/send/ takes the send parameters as a JSON body (spec §1)`, async (t) => {
    const server = await startTestServer(t, database);
    await server.account('demo');
    const response = await fetch(`${server.url}/rest/send/`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ...AUTH, phones: ['79991234567', '79991234568'], mes: 'Привет', fmt: 3, charset: 'utf-8' }),
    });
    assert.equal(response.status, 200);
    assert.equal(await response.text(), '{\n"id": 1,\n"cnt": 2\n}');
  });
}
