// status.php and balance.php over real HTTP (spec §4, §5), every fmt, each charset, GET and both POST encodings.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_CONFIG } from '../../src/config.ts';
import { DATABASES } from '../support/databases.ts';
import { startTestServer, type TestServer } from '../support/server.ts';
import type { Charset, Encoding } from '../support/smsc-client.ts';
import { waitFor } from '../support/wait.ts';

const AUTH = { login: 'demo', psw: 'S3cret-pass' };

/** Sends one message and waits until it is delivered; returns its status_at and created_at in Unix seconds. */
async function deliveredMessage(server: TestServer, phone: string, mes: string): Promise<{ last: number; sent: number }> {
  await server.call('/sys/send.php', { ...AUTH, phones: phone, mes });
  const row = await waitFor(`delivery to ${phone}`, async () =>
    server.store.db.selectFrom('messages').select(['status', 'status_at', 'created_at']).where('phone', '=', phone).where('status', '=', 1).executeTakeFirst(),
  );
  return { last: Math.floor(row.status_at / 1000), sent: Math.floor(row.created_at / 1000) };
}

for (const database of DATABASES) {
  test(`${database.name}: §4.2 single status in fmt 0, 1, 2, 3`, async (t) => {
    const server = await startTestServer(t, database);
    await server.account('demo');
    const { last } = await deliveredMessage(server, '79991234567', 'Hi');
    const date = new Date((last + 3 * 3600) * 1000).toISOString().replace(/^(\d+)-(\d+)-(\d+)T(\d+:\d+:\d+).*$/, '$3.$2.$1 $4');
    const query = { ...AUTH, phone: '79991234567', id: 1 };
    assert.equal((await server.call('/sys/status.php', { ...query, fmt: 0 })).text, `Status = 1, check_time = ${date}, err = 0`);
    assert.equal((await server.call('/sys/status.php', { ...query, fmt: 1 })).text, `1,${last},0`);
    assert.equal(
      (await server.call('/sys/status.php', { ...query, fmt: 2 })).text,
      `<sms>\n<status>1</status>\n<last_date>${date}</last_date>\n<last_timestamp>${last}</last_timestamp>\n<flag>0</flag>\n<err>0</err>\n</sms>`,
    );
    assert.equal(
      (await server.call('/sys/status.php', { ...query, fmt: 3 })).text,
      `{\n"status": 1,\n"last_date": "${date}",\n"last_timestamp": ${last},\n"flag": 0,\n"err": 0\n}`,
    );
  });

  test(`${database.name}: §4.2 multiple request — id list with a trailing comma, unknown message as status -3`, async (t) => {
    // Two multi requests in one minute: lift the one-a-minute limit (spec §4.2), tested in test/api/limits.test.ts.
    const server = await startTestServer(t, database, { limits: { ...DEFAULT_CONFIG.limits, statusMassPerMinute: 5 } });
    await server.account('demo');
    const first = await deliveredMessage(server, '79991234567', 'one');
    const answer = await server.call('/sys/status.php', { ...AUTH, phone: '89991234567', id: '1,99,', fmt: 1 });
    assert.equal(answer.text, `1,${first.last},0,1,89991234567\n-3,99,89991234567`, 'one phone applies to every id (official Python client)');
    const json = await server.call('/sys/status.php', { ...AUTH, phone: '79991234567,79991234567', id: '99,1', fmt: 3, x: 1 });
    assert.match(json.text, /^\[\{\n"status": -3,\n"id": 99,\n"phone": "79991234567"\n\},\n\{\n"status": 1,\n/);
  });

  test(`${database.name}: §4.2 all=1 and all=2 carry the message, its cost and sender`, async (t) => {
    const server = await startTestServer(t, database);
    await server.account('demo');
    await server.call('/sys/send.php', { ...AUTH, phones: '79991234567', mes: 'Hi, there', sender: 'Shop' });
    const row = await waitFor('delivery', async () => server.store.db.selectFrom('messages').selectAll().where('status', '=', 1).executeTakeFirst());
    const last = Math.floor(row.status_at / 1000);
    const sent = Math.floor(row.created_at / 1000);
    const full = await server.call('/sys/status.php', { ...AUTH, phone: '79991234567', id: 1, all: 1, fmt: 1 });
    assert.equal(full.text, `1,${last},0,${sent},79991234567,1.5,Shop,Delivered,Hi, there,,0`);
    const withPlace = await server.call('/sys/status.php', { ...AUTH, phone: '79991234567', id: 1, all: 2, fmt: 1 });
    assert.equal(withPlace.text, `1,${last},0,${sent},79991234567,1.5,Россия,МегаФон,,Shop,Delivered,Hi, there,,0`, 'country and operator from the packaged data; the region needs the registry');
  });

  test(`${database.name}: §1 charsets — Cyrillic text in and out in windows-1251, koi8-r and utf-8, over GET, urlencoded and multipart`, async (t) => {
    const server = await startTestServer(t, database);
    await server.account('demo');
    const text = 'Привет, мир! "Ёж" & <тест>'; // every character exists in all three charsets (KOI8-R has no «»)
    const combos: Array<[Charset, Encoding]> = [
      ['windows-1251', 'get'],
      ['koi8-r', 'urlencoded'],
      ['utf-8', 'multipart'],
      ['windows-1251', 'multipart'],
      ['koi8-r', 'get'],
      ['utf-8', 'urlencoded'],
    ];
    for (const [i, [charset, encoding]] of combos.entries()) {
      const phone = `7999123450${i}`;
      const sent = await server.call('/sys/send.php', { ...AUTH, phones: phone, mes: text, fmt: 3 }, { charset, encoding });
      assert.equal(sent.text, `{\n"id": ${i + 1},\n"cnt": 1\n}`, `${charset} ${encoding}`);
      const stored = await server.store.db.selectFrom('messages').select('body').where('phone', '=', phone).executeTakeFirstOrThrow();
      assert.equal(stored.body, text, `${charset} ${encoding} decoded`);
      const status = await server.call('/sys/status.php', { ...AUTH, phone, id: i + 1, all: 1, fmt: 2 }, { charset, encoding });
      assert.match(status.contentType, new RegExp(`charset=${charset}`));
      assert.ok(status.text.includes('<message>Привет, мир! &quot;Ёж&quot; &amp; &lt;тест&gt;</message>'), `${charset} ${encoding} round trip: ${status.text}`);
    }
  });

  test(`${database.name}: §5 balance in fmt 0, 1, 2, 3 with and without cur=1`, async (t) => {
    const server = await startTestServer(t, database);
    await server.account('demo', { balance: '250.80' });
    const answers = [];
    for (const fmt of [0, 1, 2, 3]) {
      answers.push((await server.call('/sys/balance.php', { ...AUTH, fmt })).text);
      answers.push((await server.call('/sys/balance.php', { ...AUTH, fmt, cur: 1 })).text);
    }
    assert.deepEqual(answers, [
      '250.80',
      '250.80, RUB',
      '250.80',
      '250.80, RUB',
      '<result>\n<balance>250.80</balance>\n</result>',
      '<result>\n<balance>250.80</balance>\n<currency>RUB</currency>\n</result>',
      '{\n"balance": "250.80"\n}',
      '{\n"balance": "250.80",\n"currency": "RUB"\n}',
    ]);
  });
}
