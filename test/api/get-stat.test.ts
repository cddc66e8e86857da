// get.php?get_stat=1 over real HTTP (spec §6.3, docs/billing.md): exact bytes in every fmt, agreeing with the ledger and the balance.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { topUp } from '../../src/core/accounts.ts';
import { formatSmscDate } from '../../src/wire/dates.ts';
import { isFinal } from '../../src/wire/statuses.ts';
import { DATABASES } from '../support/databases.ts';
import { startTestServer, type TestServer } from '../support/server.ts';
import { waitFor } from '../support/wait.ts';

const AUTH = { login: 'demo', psw: 'S3cret-pass' };
const STAT = { ...AUTH, get_stat: 1 };
const DAY = 86_400_000;
// The flat price these totals are written in (docs/simulator.md numbers decide each message's fate).
const PRICES = { smsSegmentPriceMinor: 150 };

/** `dd.mm.yyyy` of the Moscow day `days` days from now: the zone of an account with tz 0. */
const moscowDay = (days: number) => formatSmscDate(Date.now() + days * DAY, 180).slice(0, 10);

/** Waits until every message of the server is final, so no refund is still to come. */
async function settled(server: TestServer): Promise<void> {
  await waitFor('every message final', async () => {
    const rows = await server.store.db.selectFrom('messages').select('status').execute();
    return rows.every((r) => isFinal(r.status));
  });
}

/** The get_stat answers to `params` in fmt 0, 1, 2 and 3. */
function inEveryFmt(server: TestServer, params: Record<string, string>) {
  return Promise.all(([0, 1, 2, 3] as const).map((fmt) => server.call('/sys/get.php', { ...STAT, ...params, fmt })));
}

/** One-SMS sends: one delivered, one failed by receipt, two recipients of whom one is prohibited by receipt; a deleted scheduled one. */
async function spend(server: TestServer): Promise<void> {
  const sends = [
    { phones: '79991234567', mes: 'delivered' },
    { phones: '79990000020', mes: 'fails by receipt' },
    { phones: '79991234568,79990000023', mes: 'one of two prohibited' },
  ];
  for (const params of sends) assert.match((await server.call('/sys/send.php', { ...AUTH, ...params })).text, /^OK - /, params.mes);
  const scheduled = await server.call('/sys/send.php', { ...AUTH, phones: '79161234567', mes: 'deleted', time: '+60', id: 77 });
  assert.equal(scheduled.text, 'OK - 1 SMS, ID - 77');
  assert.equal((await server.call('/sys/status.php', { ...AUTH, phone: '79161234567', id: 77, del: 1 })).text, 'OK', 'del=1 refunds it');
}

for (const database of DATABASES) {
  test(`${database.name}: after sends, a failure's refund, a del=1 and top-ups, the totals in fmt 0, 1, 2, 3 agree with the ledger and the balance`, async (t) => {
    const server = await startTestServer(t, database, PRICES);
    await server.account('demo', { balance: '100' });
    await spend(server);
    assert.ok('balanceMinor' in (await topUp(server.store, 'demo', 2_500, Date.now())), 'a top-up');
    assert.ok('balanceMinor' in (await topUp(server.store, 'demo', -30, Date.now())), 'an adjustment down');
    // Another account's spending never shows in demo's totals.
    await server.account('other');
    await server.call('/sys/send.php', { login: 'other', psw: AUTH.psw, phones: '79991234569', mes: 'not demo' });
    await settled(server);

    // Held 5 × 1.50 and refunded 3 × 1.50: cnt 2, credit 3.00; debit 100.00 opening + 25.00 − 0.30.
    const period = { start: moscowDay(-1), end: moscowDay(1) };
    const answers = await inEveryFmt(server, period);
    assert.deepEqual(answers.map((a) => a.text), [
      'login = demo, cnt = 2, credit = 3.00, debit = 124.70, currency = RUB',
      'demo,2,3.00,124.70,RUB',
      '<list>\n<stat>\n<login>demo</login>\n<cnt>2</cnt>\n<credit>3.00</credit>\n<debit>124.70</debit>\n<currency>RUB</currency>\n</stat>\n</list>',
      '[{\n"login": "demo",\n"cnt": 2,\n"credit": "3.00",\n"debit": "124.70",\n"currency": "RUB"\n}]',
    ]);
    assert.deepEqual(answers.map((a) => a.contentType), ['text/plain', 'text/plain', 'text/xml', 'application/json'].map((type) => `${type}; charset=windows-1251`));

    const balance = await server.call('/sys/balance.php', AUTH);
    assert.equal(balance.text, '121.70', 'opening 0 (the account was made inside the period) + debit − credit = balance');
    const { id } = await server.store.db.selectFrom('accounts').select('id').where('login', '=', 'demo').executeTakeFirstOrThrow();
    const ledger = await server.store.db.selectFrom('ledger').select(['kind', 'amount_minor', 'messages']).where('account_id', '=', id).execute();
    const sum = (kinds: string[]) => ledger.filter((e) => kinds.includes(e.kind)).reduce((total, e) => total + e.amount_minor, 0);
    assert.deepEqual(
      { cnt: ledger.reduce((total, e) => total + e.messages, 0), credit: -sum(['hold', 'refund']), debit: sum(['topup', 'adjust']) },
      { cnt: 2, credit: 300, debit: 12_470 },
      'the ledger itself',
    );
    const charged = await server.store.db.selectFrom('messages').select('int_id').where('account_id', '=', id).where('status', '=', 1).execute();
    assert.equal(charged.length, 2, 'cnt is the number of delivered (charged, unrefunded) messages');

    // mycur and balance2 change nothing (one currency, one balance); without an end the period runs to now.
    const flagged = await server.call('/sys/get.php', { ...STAT, start: period.start, mycur: 1, balance2: 1 });
    assert.equal(flagged.text, answers[0]!.text);
  });

  test(`${database.name}: a period without entries answers zeros; the period's rules answer error 1 in every fmt`, async (t) => {
    const server = await startTestServer(t, database, PRICES);
    await server.account('demo', { balance: '100' });
    const empty = await server.call('/sys/get.php', { ...STAT, start: '01.01.2025', end: '02. 01. 2025', fmt: 1 });
    assert.equal(empty.text, 'demo,0,0.00,0.00,RUB', 'the seed page’s spaced form is a day too');

    const today = moscowDay(0);
    const refused: Array<[string, Record<string, string>]> = [
      ['no start', { end: today }],
      ['an empty start', { start: '' }],
      ['not a calendar day', { start: '31.02.2025' }],
      ['ISO order', { start: '2025-01-01' }],
      ['a malformed end', { start: '01.01.2025', end: '1.2.2025' }],
      ['end before start', { start: '02.01.2025', end: '01.01.2025' }],
      ['more than six months', { start: '15.01.2025', end: '16.07.2025' }],
      ['no end, and start more than six months back', { start: moscowDay(-200) }],
    ];
    for (const [why, params] of refused) {
      assert.deepEqual((await inEveryFmt(server, params)).map((a) => a.text), [
        'ERROR = 1 (parameters error)',
        '0,-1',
        '<result>\n<error>parameters error</error>\n<error_code>1</error_code>\n</result>',
        '{\n"error": "parameters error",\n"error_code": 1\n}',
      ], why);
    }
    const sixMonths = await server.call('/sys/get.php', { ...STAT, start: '15.01.2025', end: '15.07.2025', fmt: 1 });
    assert.equal(sixMonths.text, 'demo,0,0.00,0.00,RUB', 'exactly six months is allowed');
  });
}
