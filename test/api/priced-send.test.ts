// send.php priced by the account's tariff plan: the most specific rule per recipient, quotes, and unpriced destinations.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DATABASES } from '../support/databases.ts';
import { startTestServer, type TestServer } from '../support/server.ts';
import { assignTariffPlan, createTariffPlan, setTariffRule } from '../../src/core/tariff-plans.ts';

const AUTH = { login: 'demo', psw: 'S3cret-pass' };
const MEGAFON = '79991234567'; // 25002 in the packaged data
const BEELINE = '79031234567'; // 25099
const USA = '12025550123'; // no rule in the plan

/** A plan with an operator rule, country rules for sms and flash, and an e-mail price; nothing outside Russia. */
async function retailPlan(server: TestServer): Promise<void> {
  assert.ok('plan' in (await createTariffPlan(server.store, { name: 'retail', currency: 'RUB', now: Date.now() })));
  const rules = [
    { type: 'sms', country: 'RU', priceMinor: 120 },
    { type: 'sms', country: 'RU', mccmnc: '25002', priceMinor: 200 },
    { type: 'flash', country: 'RU', priceMinor: 300 },
    { type: 'mail', priceMinor: 10 },
  ];
  for (const rule of rules) assert.ok('rule' in (await setTariffRule(server.store, 'retail', rule)), JSON.stringify(rule));
  assert.ok('account' in (await assignTariffPlan(server.store, 'demo', 'retail')));
}

async function costOf(server: TestServer, phone: string): Promise<number[]> {
  const rows = await server.store.db.selectFrom('messages').select('cost_minor').where('phone', '=', phone).orderBy('int_id').execute();
  return rows.map((row) => row.cost_minor);
}

for (const database of DATABASES) {
  test(`${database.name}: each recipient pays its most specific rule; flash falls back to the operator's sms price`, async (t) => {
    const server = await startTestServer(t, database);
    await server.account('demo', { balance: '100' });
    await retailPlan(server);

    const sms = await server.call('/sys/send.php', { ...AUTH, phones: `${MEGAFON},${BEELINE}`, mes: 'Hi', cost: 3, fmt: 1 });
    assert.equal(sms.text, '1,2,3.2,96.80', 'operator rule 2.00 + country rule 1.20');
    const twoParts = await server.call('/sys/send.php', { ...AUTH, phones: BEELINE, mes: 'x'.repeat(161), cost: 2, fmt: 1 });
    assert.equal(twoParts.text, '2,2,2.4', 'a price is per segment');
    const flash = await server.call('/sys/send.php', { ...AUTH, phones: `${MEGAFON},${BEELINE}`, mes: 'Now', flash: 1, cost: 3, fmt: 1 });
    assert.equal(flash.text, '3,2,5,89.40', "flash to MegaFon: its sms rule (2.00) beats the country's flash rule; to Beeline: flash RU 3.00");
    const mail = await server.call('/sys/send.php', { ...AUTH, phones: 'a@example.com', mes: 'Mail', mail: 1, subj: 'S', cost: 2, fmt: 1 });
    assert.equal(mail.text, '4,1,0.1');

    assert.deepEqual(await costOf(server, MEGAFON), [200, 200]);
    assert.deepEqual(await costOf(server, BEELINE), [120, 240, 300]);
    const held = await server.store.db.selectFrom('ledger').select(['amount_minor', 'msg_id', 'messages']).where('kind', '=', 'hold').orderBy('id').execute();
    assert.deepEqual(held, [
      { amount_minor: -320, msg_id: '1', messages: 2 },
      { amount_minor: -240, msg_id: '2', messages: 1 },
      { amount_minor: -500, msg_id: '3', messages: 2 },
      { amount_minor: -10, msg_id: '4', messages: 1 },
    ]);
  });

  test(`${database.name}: a destination without a rule is undeliverable: error 8 alone, status 25 beside priced ones`, async (t) => {
    const server = await startTestServer(t, database);
    await server.account('demo', { balance: '100' });
    await retailPlan(server);

    const alone = await server.call('/sys/send.php', { ...AUTH, phones: USA, mes: 'Hi', fmt: 3 });
    assert.equal(alone.text, '{\n"error": "can\'t to deliver",\n"error_code": 8,\n"id": 1\n}');
    const quote = await server.call('/sys/send.php', { ...AUTH, phones: USA, mes: 'Hi', cost: 1, fmt: 1 });
    assert.equal(quote.text, '0,-8', 'cost=1 refuses it the same way');

    // An hour ahead, so the priced message is still queued (-1) when its row is read: sent at once, the dispatcher
    // could already have handed it to the simulator (0).
    const mixed = await server.call('/sys/send.php', { ...AUTH, phones: `${BEELINE},${USA}`, mes: 'Hi', err: 1, cost: 2, fmt: 3, time: '+60' });
    assert.equal(
      mixed.text,
      '{\n"id": 2,\n"cnt": 1,\n"cost": "1.2",\n"phones": [{\n"phone": "12025550123",\n"mccmnc": "",\n"cost": "0",\n"status": 25,\n"error": 248\n}]\n}',
    );
    const rows = await server.store.db.selectFrom('messages').select(['phone', 'status', 'cost_minor', 'country']).where('msg_id', '=', '2').orderBy('int_id').execute();
    assert.deepEqual(rows, [
      { phone: BEELINE, status: -1, cost_minor: 120, country: 'Россия' },
      { phone: USA, status: 25, cost_minor: 0, country: 'Соединенные Штаты' },
    ]);
  });

  test(`${database.name}: cost=1 quotes what a send would charge, and a price change applies to the next send`, async (t) => {
    const server = await startTestServer(t, database);
    await server.account('demo', { balance: '100' });
    await retailPlan(server);
    const quote = await server.call('/sys/send.php', { ...AUTH, phones: `${MEGAFON},${BEELINE}`, mes: 'Hi', cost: 1, fmt: 1 });
    assert.equal(quote.text, '3.2,2');
    assert.ok('rule' in (await setTariffRule(server.store, 'retail', { type: 'sms', country: 'RU', mccmnc: '25002', priceMinor: 95 })));
    const sent = await server.call('/sys/send.php', { ...AUTH, phones: `${MEGAFON},${BEELINE}`, mes: 'Hi', cost: 2, fmt: 1 });
    assert.equal(sent.text, '1,2,2.15', 'changed through this store: no cache delay');
  });
}
