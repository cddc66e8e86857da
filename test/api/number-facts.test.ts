// Number facts over HTTP: info.php?get_operator=1 in every fmt, and the facts a sent message carries into
// status.php and get.php history, after registry and ported-number imports and a SIGHUP-style reload.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DATABASES } from '../support/databases.ts';
import { startTestServer, type TestServer } from '../support/server.ts';
import { steppedClock } from '../support/clock.ts';
import { importNumberingFixtures } from '../support/numbering-fixtures.ts';
import { waitFor } from '../support/wait.ts';
import { setLanguage } from '../../src/core/accounts.ts';

const AUTH = { login: 'demo', psw: 'S3cret-pass' };
const LOOKUP = { ...AUTH, get_operator: 1 };

async function importedServer(t: Parameters<typeof startTestServer>[0], database: (typeof DATABASES)[number], now?: () => number): Promise<TestServer> {
  const server = await startTestServer(t, database, {}, undefined, { now });
  await server.account('demo');
  await importNumberingFixtures(server.store);
  await server.numbers.reload();
  return server;
}

for (const database of DATABASES) {
  test(`${database.name}: info.php names country, operator, region, MCC/MNC and tz of one number, in every fmt`, async (t) => {
    const server = await importedServer(t, database);
    const phone = '89161111111'; // normalised like send.php: 8 → 7; МТС Moscow by the imported registry
    const answers = await Promise.all([0, 1, 2, 3].map((fmt) => server.call('/sys/info.php', { ...LOOKUP, phone, fmt }, { charset: 'utf-8' })));
    assert.deepEqual(
      answers.map((answer) => answer.text),
      [
        'country = Россия, operator = МТС, region = г. Москва и Московская область, mcc = 250, mnc = 01, tz = 0',
        'Россия,МТС,г. Москва и Московская область,250,01,0',
        '<result>\n<country>Россия</country>\n<operator>МТС</operator>\n<region>г. Москва и Московская область</region>\n<mcc>250</mcc>\n<mnc>01</mnc>\n<tz>0</tz>\n</result>',
        '{\n"country": "Россия",\n"operator": "МТС",\n"region": "г. Москва и Московская область",\n"mcc": "250",\n"mnc": "01",\n"tz": "0"\n}',
      ],
    );
    const cp1251 = await server.call('/sys/info.php', { ...LOOKUP, phone, fmt: 1 });
    assert.equal(cp1251.text, 'Россия,МТС,г. Москва и Московская область,250,01,0', 'the default charset, windows-1251');
  });

  test(`${database.name}: info.php lists several numbers: a ported one, other countries, an invalid one; English on request`, async (t) => {
    const clock = steppedClock();
    const server = await importedServer(t, database, clock.now);
    const phones = '79031234567,998901234567,+819012345678,12ab';
    const ru = await server.call('/sys/info.php', { ...LOOKUP, phone: phones, fmt: 1 }, { charset: 'utf-8' });
    assert.equal(
      ru.text,
      [
        '79031234567,Россия,Tele2,,250,20,0', // ported from Билайн to MNC 20; outside the imported 903 range: no region
        '998901234567,Узбекистан,Beeline,,434,04,2', // Asia/Tashkent, UTC+5 all year
        '819012345678,Япония,KDDI,,,,6', // Asia/Tokyo; the MCC/MNC list spells KDDI otherwise
        '12ab,,,,,,',
      ].join('\n'),
    );
    await setLanguage(server.store, 'demo', 'en');
    clock.advance(1_000); // the account row a cached credential carries is read again once it is a second old
    const en = await server.call('/sys/info.php', { ...LOOKUP, phone: '79031234567,', fmt: 3 });
    assert.equal(
      en.text,
      '[{\n"phone": "79031234567",\n"country": "Russia",\n"operator": "Tele2",\n"region": "",\n"mcc": "250",\n"mnc": "20",\n"tz": "0"\n}]',
    );
  });

  test(`${database.name}: info.php errors: 3 when no operator is known, 1 for bad input, 9 past the limits`, async (t) => {
    const server = await importedServer(t, database);
    assert.equal((await server.call('/sys/info.php', { ...LOOKUP, phone: '12ab', fmt: 3 })).text, '{\n"error": "operator not found",\n"error_code": 3\n}');
    assert.equal((await server.call('/sys/info.php', { ...LOOKUP, phone: '12025550123', fmt: 1 })).text, '0,-3', 'a US number: a region, no operator');
    assert.equal((await server.call('/sys/info.php', { ...AUTH, phone: '79161111111', fmt: 1 })).text, '0,-1', 'without get_operator=1');
    assert.equal((await server.call('/sys/info.php', { ...LOOKUP, fmt: 1 })).text, '0,-1', 'without a phone');
    const same = { ...LOOKUP, phone: '79161111111', fmt: 1 };
    for (let i = 0; i < 3; i++) assert.equal((await server.call('/sys/info.php', same)).text, 'Россия,МТС,г. Москва и Московская область,250,01,0');
    assert.equal((await server.call('/sys/info.php', same)).text, '0,-9', 'a fourth identical request within a minute');
  });

  test(`${database.name}: a sent message carries the facts of its recipient into status.php and history`, async (t) => {
    const server = await importedServer(t, database);
    await server.call('/sys/send.php', { ...AUTH, phones: '79501231111', mes: 'Hi' }); // ported to МегаФон, range in Tver
    await waitFor('delivery', async () => (await server.store.db.selectFrom('messages').select('status').executeTakeFirst())?.status === 1 || undefined);
    const status = await server.call('/sys/status.php', { ...AUTH, phone: '79501231111', id: 1, all: 2, fmt: 3 });
    const record = JSON.parse(status.text) as Record<string, unknown>;
    assert.deepEqual([record.country, record.operator, record.region, record.cost], ['Россия', 'МегаФон', 'Тверская обл.', '1.5']);
    const history = await server.call('/sys/get.php', { ...AUTH, get_messages: 1, fmt: 3 });
    const [message] = JSON.parse(history.text) as Record<string, unknown>[];
    assert.deepEqual([message?.mccmnc, message?.country, message?.operator, message?.region], ['25002', 'Россия', 'МегаФон', 'Тверская обл.']);
  });
}
