// send.php over real HTTP, spec §3 walked parameter by parameter, on every database (docs/compatibility.md).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { DATABASES } from '../support/databases.ts';
import { startTestServer } from '../support/server.ts';
import { waitFor } from '../support/wait.ts';

const AUTH = { login: 'demo', psw: 'S3cret-pass' };

for (const database of DATABASES) {
  test(`${database.name}: §3.4 success shapes for cost=0 in fmt 0, 1, 2, 3`, async (t) => {
    const server = await startTestServer(t, database);
    await server.account('demo');
    const bodies = [];
    for (const fmt of [0, 1, 2, 3]) {
      const answer = await server.call('/sys/send.php', { ...AUTH, phones: '79991234567', mes: `Hello ${fmt}`, fmt });
      assert.equal(answer.status, 200);
      bodies.push(answer.text);
    }
    assert.deepEqual(bodies, ['OK - 1 SMS, ID - 1', '2,1', '<result>\n<id>3</id>\n<cnt>1</cnt>\n</result>', '{\n"id": 4,\n"cnt": 1\n}']);
  });

  test(`${database.name}: §3.4 cost=1 prices without sending; cost=2 and cost=3 add cost and balance`, async (t) => {
    const server = await startTestServer(t, database);
    await server.account('demo', { balance: '100' });
    const quote = await server.call('/sys/send.php', { ...AUTH, phones: '79991234567', mes: 'Hi', cost: 1, fmt: 3 });
    assert.equal(quote.text, '{\n"cost": "1.5",\n"cnt": 1\n}', 'recorded 2013 shape {"cost": "0.4", "cnt": 1}');
    const withCost = await server.call('/sys/send.php', { ...AUTH, phones: '79991234567', mes: 'Hi', cost: 2, fmt: 1 });
    assert.equal(withCost.text, '1,1,1.5');
    const withBalance = await server.call('/sys/send.php', { ...AUTH, phones: '79991234567,79991234568', mes: 'Hi there', cost: 3, fmt: 3 });
    assert.equal(withBalance.text, '{\n"id": 2,\n"cnt": 2,\n"cost": "3",\n"balance": "95.50"\n}');
    const balance = await server.call('/sys/balance.php', { ...AUTH });
    assert.equal(balance.text, '95.50', 'the cost=1 quote charged nothing');
  });

  test(`${database.name}: §3.1 phones list with , and ; — one row per recipient sharing the id, 8… corrected to 7…`, async (t) => {
    const server = await startTestServer(t, database);
    await server.account('demo');
    const sent = await server.call('/sys/send.php', { ...AUTH, phones: '79991234567;89991234568,+79991234569', mes: 'Hi', fmt: 1 });
    assert.equal(sent.text, '1,3');
    const rows = await server.store.db.selectFrom('messages').select(['msg_id', 'phone']).orderBy('int_id').execute();
    assert.deepEqual(rows, [
      { msg_id: '1', phone: '79991234567' },
      { msg_id: '1', phone: '79991234568' },
      { msg_id: '1', phone: '79991234569' },
    ]);
  });

  test(`${database.name}: §3.6 err=1 lists failed numbers, op=1 lists all`, async (t) => {
    const server = await startTestServer(t, database);
    await server.account('demo');
    const failedOnly = await server.call('/sys/send.php', { ...AUTH, phones: '79991234567,12ab', mes: 'Hi', err: 1, fmt: 3 });
    assert.equal(failedOnly.text, '{\n"id": 1,\n"cnt": 1,\n"phones": [{\n"phone": "12ab",\n"mccmnc": "",\n"cost": "0",\n"status": 22,\n"error": 249\n}]\n}');
    const all = await server.call('/sys/send.php', { ...AUTH, phones: '79991234567,12ab', mes: 'Hi', op: 1, fmt: 0 });
    assert.equal(all.text, 'OK - 1 SMS, ID - 2\n79991234567 - 1.5, 25002\n12ab - 0, , 22, 249');
  });

  test(`${database.name}: §3.1 client id — integer echoed as a number, string as a string`, async (t) => {
    const server = await startTestServer(t, database);
    await server.account('demo');
    const numeric = await server.call('/sys/send.php', { ...AUTH, phones: '79991234567', mes: 'a', id: 777, fmt: 3 });
    assert.equal(numeric.text, '{\n"id": 777,\n"cnt": 1\n}');
    const text = await server.call('/sys/send.php', { ...AUTH, phones: '79991234567', mes: 'b', id: 'order-42.a_b', fmt: 3 });
    assert.equal(text.text, '{\n"id": "order-42.a_b",\n"cnt": 1\n}');
    const bad = await server.call('/sys/send.php', { ...AUTH, phones: '79991234567', mes: 'c', id: 'bad id!', fmt: 0 });
    assert.equal(bad.text, 'ERROR = 1 (parameters error)');
  });

  test(`${database.name}: §3.3 errors that carry an id: 3 no money, 6 denied sender, 7 invalid number`, async (t) => {
    const server = await startTestServer(t, database);
    await server.account('demo', { balance: '2' });
    const longText = 'x'.repeat(161);
    assert.equal((await server.call('/sys/send.php', { ...AUTH, phones: '79991234567', mes: longText })).text, 'ERROR = 3 (no money), ID - 1');
    assert.equal((await server.call('/sys/send.php', { ...AUTH, phones: '79991234567', mes: 'a', sender: 'Way Too Long Sender' })).text, 'ERROR = 6 (message is denied), ID - 2');
    assert.equal((await server.call('/sys/send.php', { ...AUTH, phones: 'abc', mes: 'a', fmt: 1 })).text, '3,-7');
    assert.equal(
      (await server.call('/sys/send.php', { ...AUTH, phones: '123', mes: 'a', fmt: 3 })).text,
      '{\n"error": "invalid number",\n"error_code": 7,\n"id": 4\n}',
    );
    assert.equal(
      (await server.call('/sys/send.php', { ...AUTH, phones: '123', mes: 'b', fmt: 2 })).text,
      '<result>\n<error>invalid number</error>\n<error_code>7</error_code>\n<id>5</id>\n</result>',
    );
    const queued = await server.store.db.selectFrom('messages').select('int_id').where('status', '=', -1).execute();
    assert.equal(queued.length, 0, 'nothing was queued');
    assert.equal((await server.call('/sys/balance.php', AUTH)).text, '2.00', 'nothing was charged');
  });

  test(`${database.name}: §3.2 errors without id: 1 parameters, 2 authorise, 5 time format`, async (t) => {
    const server = await startTestServer(t, database);
    await server.account('demo');
    const cases: Array<[Record<string, string | number>, string]> = [
      [{ ...AUTH, phones: '79991234567' }, 'ERROR = 1 (parameters error)'],
      [{ ...AUTH, phones: '79991234567', mes: 'я'.repeat(1001) }, 'ERROR = 1 (parameters error)'],
      [{ login: 'demo', psw: 'wrong', phones: '79991234567', mes: 'a' }, 'ERROR = 2 (authorise error)'],
      [{ ...AUTH, phones: '79991234567', mes: 'a', time: '32.01.26 10:00' }, 'ERROR = 5 (invalid time format)'],
      [{ ...AUTH, phones: '79991234567', mes: 'a', time: 'tomorrow' }, 'ERROR = 5 (invalid time format)'],
    ];
    for (const [params, expected] of cases) assert.equal((await server.call('/sys/send.php', params)).text, expected, JSON.stringify(params).slice(0, 80));
    const json = await server.call('/sys/send.php', { ...AUTH, phones: '79991234567', fmt: 3 });
    assert.equal(json.text, '{\n"error": "parameters error",\n"error_code": 1\n}', 'recorded 2013 error layout');
    assert.match(json.contentType, /^application\/json; charset=windows-1251$/);
  });

  test(`${database.name}: §2 md5 password, apikey, and empty login with the key in psw`, async (t) => {
    const server = await startTestServer(t, database);
    const apiKey = await server.account('demo');
    const md5 = createHash('md5').update('S3cret-pass').digest('hex');
    const answers = [
      await server.call('/sys/send.php', { login: 'demo', psw: md5, phones: '79991234567', mes: 'md5' }),
      await server.call('/sys/send.php', { apikey: apiKey, phones: '79991234567', mes: 'apikey' }),
      await server.call('/sys/send.php', { login: '', psw: apiKey, phones: '79991234567', mes: 'empty login' }),
    ];
    assert.deepEqual(answers.map((a) => a.text), ['OK - 1 SMS, ID - 1', 'OK - 1 SMS, ID - 2', 'OK - 1 SMS, ID - 3']);
  });

  test(`${database.name}: a message moves -1 → 0 → 1 through the simulator, and test numbers end in failures with refunds`, async (t) => {
    const server = await startTestServer(t, database);
    await server.account('demo', { balance: '10' });
    await server.call('/sys/send.php', { ...AUTH, phones: '79991234567,79990000020,79990000025', mes: 'Hi' });
    const holds = await server.store.db.selectFrom('ledger').select('amount_minor').where('kind', '=', 'hold').execute();
    assert.deepEqual(holds, [{ amount_minor: -450 }], 'the send held three messages at once (refunds may already be racing in)');
    const statuses = await waitFor('three final statuses', async () => {
      const rows = await server.store.db.selectFrom('messages').select(['phone', 'status', 'err', 'created_at', 'status_at']).orderBy('int_id').execute();
      return rows.every((r) => r.status > 0) ? rows : undefined;
    });
    assert.deepEqual(statuses.map((r) => [r.phone, r.status, r.err]), [
      ['79991234567', 1, 0],
      ['79990000020', 20, 1],
      ['79990000025', 25, 248],
    ]);
    assert.ok(statuses.every((r) => r.status_at >= r.created_at), 'status changes carry their time');
    assert.equal((await server.call('/sys/balance.php', AUTH)).text, '8.50', 'two failures refunded');
  });

  test(`${database.name}: §12.1 test mode — status 1 with err 200, nothing charged`, async (t) => {
    const server = await startTestServer(t, database);
    await server.account('demo', { testMode: true, balance: '1' });
    assert.equal((await server.call('/sys/send.php', { ...AUTH, phones: '79991234567', mes: 'virtual', cost: 3 })).text, 'OK - 1 SMS, ID - 1, COST - 0, BALANCE - 1.00');
    const status = await server.call('/sys/status.php', { ...AUTH, phone: '79991234567', id: 1, fmt: 1 });
    assert.match(status.text, /^1,\d+,200$/);
  });

  test(`${database.name}: §3.1 time schedules (status -1 until due), del=1 removes and refunds`, async (t) => {
    const server = await startTestServer(t, database);
    await server.account('demo', { balance: '10' });
    await server.call('/sys/send.php', { ...AUTH, phones: '79991234567', mes: 'later', time: '+60' });
    // Two seconds ahead: the first status request (with its password hash) must come before it is due.
    const inSeconds = Math.floor(Date.now() / 1000) + 2;
    await server.call('/sys/send.php', { ...AUTH, phones: '79991234568', mes: 'soon', time: `0${inSeconds}` });
    await new Promise((resolve) => setTimeout(resolve, 200));
    assert.match((await server.call('/sys/status.php', { ...AUTH, phone: '79991234567', id: 1 })).text, /^Status = -1, /);
    assert.match((await server.call('/sys/status.php', { ...AUTH, phone: '79991234568', id: 2 })).text, /^Status = -1, /);
    // Polled in the store: status.php allows five requests a minute for one message (spec §4.5).
    await waitFor('the unix-time message to be delivered', async () =>
      server.store.db.selectFrom('messages').select('status').where('msg_id', '=', '2').where('status', '=', 1).executeTakeFirst(),
    );
    assert.equal((await server.call('/sys/status.php', { ...AUTH, phone: '79991234567', id: 1, del: 1 })).text, 'OK');
    assert.equal((await server.call('/sys/status.php', { ...AUTH, phone: '79991234567', id: 1, fmt: 3 })).text, '{\n"status": -3\n}');
    assert.equal((await server.call('/sys/balance.php', AUTH)).text, '8.50', 'the deleted message was refunded');
    assert.equal((await server.call('/sys/status.php', { ...AUTH, phone: '79991234568', id: 2, del: 1 })).text, 'ERROR = 5 (delete error)');
  });

  test(`${database.name}: mail=1 — addresses instead of phones, one part each`, async (t) => {
    const server = await startTestServer(t, database);
    await server.account('demo');
    const sent = await server.call('/sys/send.php', { ...AUTH, mail: 1, phones: 'a@example.com,b@undeliverable.test', subj: 'Hi', mes: 'Body', fmt: 3, cost: 2 });
    assert.equal(sent.text, '{\n"id": 1,\n"cnt": 2,\n"cost": "0.2"\n}');
    const badFrom = await server.call('/sys/send.php', { ...AUTH, mail: 1, phones: 'a@example.com', mes: 'Body', sender: 'Shop Name' });
    assert.equal(badFrom.text, 'ERROR = 6 (message is denied), ID - 2', "an e-mail's sender must be a From address");
    const statuses = await waitFor('mail statuses', async () => {
      const rows = await server.store.db.selectFrom('messages').select(['phone', 'status', 'kind', 'subject']).orderBy('int_id').execute();
      return rows.every((r) => r.status > 0) ? rows : undefined;
    });
    assert.deepEqual(statuses, [
      { phone: 'a@example.com', status: 1, kind: 8, subject: 'Hi' },
      { phone: 'b@undeliverable.test', status: 20, kind: 8, subject: 'Hi' },
    ]);
  });
}
