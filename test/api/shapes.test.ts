// Every send and status response shape over real HTTP, in every fmt (docs/compatibility.md tables, spec §3.4, §4.2).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_CONFIG } from '../../src/config.ts';
import { DATABASES } from '../support/databases.ts';
import { startTestServer } from '../support/server.ts';
import { waitFor } from '../support/wait.ts';

const AUTH = { login: 'demo', psw: 'S3cret-pass' };
const sqlite = DATABASES[0]!;

/** The expected send answer for one SMS at 1.50 (docs/compatibility.md "Success shapes"). */
function expectedSend(fmt: number, cost: number, id: number, balance: string): string {
  const fields: Array<[string, string, boolean]> = cost === 1 ? [['cost', '1.5', true], ['cnt', '1', false]] : [['id', String(id), false], ['cnt', '1', false]];
  if (cost >= 2) fields.push(['cost', '1.5', true]);
  if (cost === 3) fields.push(['balance', balance, true]);
  switch (fmt) {
    case 0:
      if (cost === 1) return '1.5 (1 SMS)';
      return `OK - 1 SMS, ID - ${id}${cost >= 2 ? ', COST - 1.5' : ''}${cost === 3 ? `, BALANCE - ${balance}` : ''}`;
    case 1:
      return fields.map(([, value]) => value).join(',');
    case 2:
      return `<result>\n${fields.map(([name, value]) => `<${name}>${value}</${name}>\n`).join('')}</result>`;
    default:
      return `{\n${fields.map(([name, value, quoted]) => `"${name}": ${quoted ? `"${value}"` : value}`).join(',\n')}\n}`;
  }
}

test('§3.4 send: cost 0, 1, 2, 3 × fmt 0, 1, 2, 3', async (t) => {
  const server = await startTestServer(t, sqlite);
  await server.account('demo', { balance: '100' });
  let id = 0;
  let balanceMinor = 10_000;
  for (const fmt of [0, 1, 2, 3]) {
    for (const cost of [0, 1, 2, 3]) {
      const answer = await server.call('/sys/send.php', { ...AUTH, phones: '79991234567', mes: `fmt ${fmt} cost ${cost}`, fmt, cost });
      if (cost !== 1) {
        id += 1;
        balanceMinor -= 150;
      }
      const balance = `${Math.floor(balanceMinor / 100)}.${String(balanceMinor % 100).padStart(2, '0')}`;
      assert.equal(answer.text, expectedSend(fmt, cost, id, balance), `fmt=${fmt} cost=${cost}`);
    }
  }
});

test('§4.2 status: all=1 and all=2 in fmt 0, 2, 3; multi format in fmt 0 and 2', async (t) => {
  const server = await startTestServer(t, sqlite, { limits: { ...DEFAULT_CONFIG.limits, statusPerMessagePerMinute: 20, statusMassPerMinute: 20 } });
  await server.account('demo');
  await server.call('/sys/send.php', { ...AUTH, phones: '79991234567', mes: 'Hi <you>', sender: 'Shop' });
  const row = await waitFor('delivery', async () => server.store.db.selectFrom('messages').selectAll().where('status', '=', 1).executeTakeFirst());
  const moscow = (ms: number) => new Date(ms + 3 * 3600_000).toISOString().replace(/^(\d+)-(\d+)-(\d+)T(\d+:\d+:\d+).*$/, '$3.$2.$1 $4');
  const [lastDate, sendDate] = [moscow(row.status_at), moscow(row.created_at)];
  const [last, sent] = [Math.floor(row.status_at / 1000), Math.floor(row.created_at / 1000)];
  const query = { ...AUTH, phone: '79991234567', id: 1 };

  assert.equal(
    (await server.call('/sys/status.php', { ...query, all: 1, fmt: 0 })).text,
    `Status = 1, check_time = ${lastDate}, err = 0, send_date = ${sendDate}, phone = 79991234567, cost = 1.5, sender_id = Shop, status_name = Delivered, message = Hi <you>, comment = , type = 0`,
  );
  assert.equal(
    (await server.call('/sys/status.php', { ...query, all: 2, fmt: 0 })).text,
    `Status = 1, check_time = ${lastDate}, err = 0, send_date = ${sendDate}, phone = 79991234567, cost = 1.5, country = Россия, operator = МегаФон, region = , sender_id = Shop, status_name = Delivered, message = Hi <you>, comment = , type = 0`,
  );
  const full = `<status>1</status>\n<last_date>${lastDate}</last_date>\n<last_timestamp>${last}</last_timestamp>\n<flag>0</flag>\n<err>0</err>\n<send_date>${sendDate}</send_date>\n<send_timestamp>${sent}</send_timestamp>\n<phone>79991234567</phone>\n<cost>1.5</cost>\n`;
  const tail = `<sender_id>Shop</sender_id>\n<status_name>Delivered</status_name>\n<message>Hi &lt;you&gt;</message>\n<comment></comment>\n<type>0</type>\n<sms_cnt>1</sms_cnt>\n`;
  assert.equal((await server.call('/sys/status.php', { ...query, all: 1, fmt: 2 })).text, `<sms>\n${full}${tail}</sms>`);
  assert.equal(
    (await server.call('/sys/status.php', { ...query, all: 2, fmt: 2 })).text,
    `<sms>\n${full}<country>Россия</country>\n<operator>МегаФон</operator>\n<region></region>\n${tail}</sms>`,
  );
  assert.equal(
    (await server.call('/sys/status.php', { ...query, all: 1, fmt: 3 })).text,
    `{\n"status": 1,\n"last_date": "${lastDate}",\n"last_timestamp": ${last},\n"flag": 0,\n"err": 0,\n"send_date": "${sendDate}",\n"send_timestamp": ${sent},\n"phone": "79991234567",\n"cost": "1.5",\n"sender_id": "Shop",\n"status_name": "Delivered",\n"message": "Hi <you>",\n"comment": "",\n"type": 0,\n"sms_cnt": 1\n}`,
  );
  assert.equal(
    (await server.call('/sys/status.php', { ...query, id: '1,5', fmt: 0 })).text,
    `Status = 1, check_time = ${lastDate}, err = 0, id = 1, phone = 79991234567\nStatus = -3, id = 5, phone = 79991234567`,
  );
  assert.equal(
    (await server.call('/sys/status.php', { ...query, id: '5,', fmt: 2 })).text,
    '<list>\n<sms>\n<status>-3</status>\n<id>5</id>\n<phone>79991234567</phone>\n</sms>\n</list>',
  );
});
