// get.php?get_messages=1 over real HTTP (seed-get-messages.txt): exact bytes, filters, paging, errors and limits.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { crc32 } from 'node:zlib';
import { DEFAULT_CONFIG } from '../../src/config.ts';
import type { NewMessage } from '../../src/store/schema.ts';
import { DATABASES } from '../support/databases.ts';
import { startTestServer, type TestServer } from '../support/server.ts';
import { waitFor } from '../support/wait.ts';

const AUTH = { login: 'demo', psw: 'S3cret-pass' };
const HISTORY = { ...AUTH, get_messages: 1 };

const moscow = (ms: number) => new Date(ms + 3 * 3600_000).toISOString().replace(/^(\d+)-(\d+)-(\d+)T(\d+:\d+:\d+).*$/, '$3.$2.$1 $4');

/** Inserts `count` delivered messages straight into the store, oldest first, several sharing each millisecond. */
async function fill(server: TestServer, login: string, count: number, t0: number): Promise<void> {
  const { id } = await server.store.db.selectFrom('accounts').select('id').where('login', '=', login).executeTakeFirstOrThrow();
  const rows: NewMessage[] = Array.from({ length: count }, (_, i) => ({
    account_id: id, msg_id: String(i + 1), phone: `7999${String(i % 7).padStart(7, '0')}`, kind: 0, sender: '', body: `m${i}`,
    sms_cnt: 1, cost_minor: 150, status: 1, err: 0, created_at: t0 + Math.floor(i / 3), status_at: t0 + Math.floor(i / 3) + 5,
    due_at: t0, expires_at: t0 + 86_400_000,
  }));
  for (let i = 0; i < rows.length; i += 500) await server.store.db.insertInto('messages').values(rows.slice(i, i + 500)).execute();
}

for (const database of DATABASES) {
  test(`${database.name}: one record in fmt 0, 1, 2, 3, byte for byte as the seed page lists the 19 fields`, async (t) => {
    const server = await startTestServer(t, database);
    await server.account('demo');
    const text = 'Привет, "мир" <&>\nвторая строка';
    await server.call('/sys/send.php', { ...AUTH, phones: '79991234567', mes: text, sender: 'Shop' });
    const row = await waitFor('delivery', async () => server.store.db.selectFrom('messages').selectAll().where('status', '=', 1).executeTakeFirst());
    const [last, sent] = [Math.floor(row.status_at / 1000), Math.floor(row.created_at / 1000)];
    const [lastDate, sendDate] = [moscow(row.status_at), moscow(row.created_at)];
    const crc = crc32(Buffer.from(text, 'utf8'));
    const id = row.int_id;

    const plain = await server.call('/sys/get.php', { ...HISTORY, fmt: 0 }, { charset: 'utf-8' });
    assert.equal(
      plain.text,
      `Status = 1, check_time = ${lastDate}, err = 0, send_date = ${sendDate}, phone = 79991234567, mccmnc = 25002, country = Россия, operator = МегаФон, region = , cost = 1.5, sender_id = Shop, status_name = Delivered, message = ${text}, type = 0, ID = 1, int_id = ${id}, sms_cnt = 1, format = 0, crc = ${crc}`,
    );
    const csv = await server.call('/sys/get.php', { ...HISTORY, fmt: 1 }, { charset: 'koi8-r' });
    assert.equal(csv.text, `1,${last},0,${sent},79991234567,25002,Россия,МегаФон,,1.5,Shop,Delivered, ${text},0,1,${id},1,0,${crc}`, 'the seed page writes a space before <message>');
    const xml = await server.call('/sys/get.php', { ...HISTORY, fmt: 2 });
    assert.equal(
      xml.text,
      `<list>\n<sms>\n<status>1</status>\n<last_date>${lastDate}</last_date>\n<last_timestamp>${last}</last_timestamp>\n<err>0</err>\n<send_date>${sendDate}</send_date>\n<send_timestamp>${sent}</send_timestamp>\n<phone>79991234567</phone>\n<cost>1.5</cost>\n<sender_id>Shop</sender_id>\n<status_name>Delivered</status_name>\n<message>Привет, &quot;мир&quot; &lt;&amp;&gt;\nвторая строка</message>\n<mccmnc>25002</mccmnc>\n<country>Россия</country>\n<operator>МегаФон</operator>\n<region></region>\n<type>0</type>\n<id>1</id>\n<int_id>${id}</int_id>\n<sms_cnt>1</sms_cnt>\n<format>0</format>\n<crc>${crc}</crc>\n</sms>\n</list>`,
    );
    const json = await server.call('/sys/get.php', { ...HISTORY, fmt: 3 });
    assert.equal(
      json.text,
      `[{\n"status": 1,\n"last_date": "${lastDate}",\n"last_timestamp": ${last},\n"err": 0,\n"send_date": "${sendDate}",\n"send_timestamp": ${sent},\n"phone": "79991234567",\n"cost": "1.5",\n"sender_id": "Shop",\n"status_name": "Delivered",\n"message": "Привет, \\"мир\\" <&>\\nвторая строка",\n"mccmnc": "25002",\n"country": "Россия",\n"operator": "МегаФон",\n"region": "",\n"type": 0,\n"id": 1,\n"int_id": "${id}",\n"sms_cnt": 1,\n"format": 0,\n"crc": ${crc}\n}]`,
    );
    assert.deepEqual(JSON.parse(json.text)[0].message, text, 'JSON round-trips the text exactly');
  });

  test(`${database.name}: paging with prev_id through 2,500 messages sees each exactly once, newest first`, async (t) => {
    const server = await startTestServer(t, database);
    await server.account('demo');
    await server.account('other');
    await fill(server, 'demo', 2500, Date.now() - 3_600_000);
    await fill(server, 'other', 50, Date.now() - 3_600_000);
    const seen: number[] = [];
    let prevId: number | undefined;
    for (let page = 0; page < 4; page++) {
      const answer = await server.call('/sys/get.php', { ...HISTORY, cnt: 1000, fmt: 3, ...(prevId ? { prev_id: prevId } : {}) });
      if (page === 3) {
        assert.equal(answer.text, '{\n"error": "record not found",\n"error_code": 3\n}', 'past the oldest message: error 3');
        break;
      }
      const records = JSON.parse(answer.text) as Array<{ int_id: string; send_timestamp: number; message: string }>;
      seen.push(...records.map((r) => Number(r.int_id)));
      prevId = Number(records.at(-1)!.int_id);
    }
    assert.equal(seen.length, 2500);
    assert.equal(new Set(seen).size, 2500, 'no message twice');
    const own = await server.store.db.selectFrom('messages').select('int_id').where('body', 'like', 'm%').innerJoin('accounts', 'accounts.id', 'messages.account_id').where('login', '=', 'demo').execute();
    assert.deepEqual([...seen].sort((a, b) => a - b), own.map((r) => r.int_id).sort((a, b) => a - b), 'exactly the account’s own messages');
    assert.deepEqual(seen, [...seen].sort((a, b) => b - a), 'newest first');
  });

  test(`${database.name}: phone and email filters, format=8, dates and cnt`, async (t) => {
    const server = await startTestServer(t, database);
    await server.account('demo');
    await server.call('/sys/send.php', { ...AUTH, phones: '79991234567,79991234568', mes: 'sms' });
    await server.call('/sys/send.php', { ...AUTH, mail: 1, phones: 'a@example.com', subj: 's', mes: 'mail' });
    const today = moscow(Date.now()).slice(0, 10);
    const byPhone = await server.call('/sys/get.php', { ...HISTORY, phone: '89991234568', start: today, fmt: 1 });
    assert.match(byPhone.text, /^-?\d+,\d+,\d+,\d+,79991234568,/);
    assert.equal(byPhone.text.split('\n').length, 1);
    const mail = await server.call('/sys/get.php', { ...HISTORY, format: 8, email: 'a@example.com', fmt: 1 });
    assert.match(mail.text, /,a@example\.com,.*, mail,8,2,\d+,1,8,\d+$/, "type 8, the second send's id, format 8");
    const two = await server.call('/sys/get.php', { ...HISTORY, cnt: 2, fmt: 1 });
    assert.equal(two.text.split('\n').length, 2);
    const spaced = await server.call('/sys/get.php', { ...HISTORY, start: today.replace(/\./g, '. '), fmt: 1, x: 1 });
    assert.equal(spaced.text.split('\n').length, 2, "the seed's 'dd. mm. yyyy' form is accepted");
    const yearAgo = await server.call('/sys/get.php', { ...HISTORY, start: '01.01.2020', end: '02.01.2020' });
    assert.equal(yearAgo.text, 'ERROR = 3 (record not found)');
  });
}

test('errors 1, 2, 4 and the limits (9): three identical a minute, thirty an hour', async (t) => {
  const server = await startTestServer(t, DATABASES[0]!, { limits: { ...DEFAULT_CONFIG.limits, historyPerHour: 3 } });
  await server.account('demo');
  await server.call('/sys/send.php', { ...AUTH, phones: '79991234567', mes: 'x' });
  assert.equal((await server.call('/sys/get.php', { ...HISTORY, start: '31.02.2026' })).text, 'ERROR = 1 (parameters error)');
  assert.equal((await server.call('/sys/get.php', { ...HISTORY, start: '01.01.2026', end: '01.08.2026', fmt: 1 })).text, '0,-1', 'over six months');
  assert.equal((await server.call('/sys/get.php', { ...HISTORY, phone: '79991234567', email: 'a@b.cd', fmt: 3 })).text, '{\n"error": "parameters error",\n"error_code": 1\n}');
  assert.equal((await server.call('/sys/get.php', { ...HISTORY, cnt: 1001, fmt: 2 })).text, '<result>\n<error>parameters error</error>\n<error_code>1</error_code>\n</result>');
  assert.equal((await server.call('/sys/get.php', { login: 'demo', psw: 'nope', get_messages: 1 })).text, 'ERROR = 2 (authorise error)');

  const identical = { ...HISTORY, cnt: 5, fmt: 1 };
  for (let i = 0; i < 3; i++) assert.match((await server.call('/sys/get.php', identical)).text, /^1,/);
  assert.equal((await server.call('/sys/get.php', identical)).text, '0,-9', 'the 4th identical request in a minute');
  assert.equal((await server.call('/sys/get.php', { ...identical, cnt: 6 })).text, '0,-9', 'the 4th request in the hour (limit set to 3)');
  assert.equal((await server.call('/sys/get.php', { ...identical, cnt: 7, fmt: 0 })).text, 'ERROR = 9 (too many requests)');

  for (let i = 0; i < 5; i++) await server.call('/sys/balance.php', { login: 'demo', psw: `wrong${i}` });
  assert.equal((await server.call('/sys/get.php', { ...HISTORY, fmt: 3 })).text, '{\n"error": "ip is blocked",\n"error_code": 4\n}');
});
