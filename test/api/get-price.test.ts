// get.php?get_price=1 over real HTTP (spec §6.4, layouts in docs/tariffs.md): exact bytes per fmt and charset, limits.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import iconv from 'iconv-lite';
import { assignTariffPlan, createTariffPlan, importTariffCsv } from '../../src/core/tariff-plans.ts';
import { DATABASES } from '../support/databases.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

const AUTH = { login: 'demo', psw: 'S3cret-pass' };
const PRICES = { ...AUTH, get_price: 1 };

/** Gives `login` a new plan `name` with the rules of `csv` (docs/tariffs.md, CSV format). */
async function planFor(server: TestServer, login: string, name: string, csv: string): Promise<void> {
  assert.ok('plan' in (await createTariffPlan(server.store, { name, currency: 'RUB', now: Date.now() })));
  assert.ok('rules' in (await importTariffCsv(server.store, name, csv)));
  assert.ok('account' in (await assignTariffPlan(server.store, login, name)));
}

/** Every zone kind and every listed column type; 26223 is 1&1, a brand that XML must escape. */
const PLAN_CSV = [
  'type;country;mccmnc;price',
  'sms;RU;;1,40',
  'viber;RU;;0,5',
  'sms;RU;25001;1,20',
  'flash;RU;25001;1,30',
  'sms;DE;26223;2,10',
  'sms;;;2',
  'mail;;;0,1',
  'voice;;;3',
  'hlr;;;0,05',
].join('\n');

for (const database of DATABASES) {
  test(`${database.name}: without a plan, the flat prices as one zone for anywhere, in every fmt`, async (t) => {
    const server = await startTestServer(t, database);
    await server.account('demo');
    const expected: [number, string][] = [
      [0, 'zone = , name = Остальные направления, api = 1.5, mass = 1.5, mail = 0.1'],
      [1, ',Остальные направления,1.5,1.5,0.1'],
      [2, '<list>\n<price>\n<zone></zone>\n<name>Остальные направления</name>\n<api>1.5</api>\n<mass>1.5</mass>\n<mail>0.1</mail>\n</price>\n</list>'],
      [3, '[{\n"zone": "",\n"name": "Остальные направления",\n"api": "1.5",\n"mass": "1.5",\n"mail": "0.1"\n}]'],
    ];
    for (const [fmt, body] of expected) {
      const answer = await server.call('/sys/get.php', { ...PRICES, fmt });
      assert.deepEqual(answer.bytes, iconv.encode(body, 'windows-1251'), `fmt ${fmt} in the default windows-1251`);
    }
  });

  test(`${database.name}: a plan lists one record per zone, byte for byte in each fmt and charset`, async (t) => {
    const server = await startTestServer(t, database);
    await server.account('demo');
    await planFor(server, 'demo', 'retail', PLAN_CSV);

    const plain = await server.call('/sys/get.php', { ...PRICES, fmt: 0 });
    const plainText = [
      'zone = 26223, name = Германия (1&1), api = 2.1, mass = 2.1, flash = , mail = , viber = , call = , hlr = ',
      'zone = RU, name = Россия, api = 1.4, mass = 1.4, flash = , mail = , viber = 0.5, call = , hlr = ',
      'zone = 25001, name = Россия (MTS), api = 1.2, mass = 1.2, flash = 1.3, mail = , viber = , call = , hlr = ',
      'zone = , name = Остальные направления, api = 2, mass = 2, flash = , mail = 0.1, viber = , call = 3, hlr = 0.05',
    ].join('\n');
    assert.deepEqual(plain.bytes, iconv.encode(plainText, 'windows-1251'));
    assert.ok(plain.bytes.includes(Buffer.from('d0eef1f1e8ff', 'hex')), '"Россия" in windows-1251 octets');

    const csv = await server.call('/sys/get.php', { ...PRICES, fmt: 1 }, { charset: 'utf-8' });
    const csvText = [
      '26223,Германия (1&1),2.1,2.1,,,,,',
      'RU,Россия,1.4,1.4,,,0.5,,',
      '25001,Россия (MTS),1.2,1.2,1.3,,,,',
      ',Остальные направления,2,2,,0.1,,3,0.05',
    ].join('\n');
    assert.deepEqual(csv.bytes, Buffer.from(csvText, 'utf8'));

    const xml = await server.call('/sys/get.php', { ...PRICES, fmt: 2 }, { charset: 'koi8-r' });
    const item = (zone: string, name: string, cells: string[]) =>
      `<price>\n<zone>${zone}</zone>\n<name>${name}</name>\n` +
      ['api', 'mass', 'flash', 'mail', 'viber', 'call', 'hlr'].map((field, i) => `<${field}>${cells[i]}</${field}>\n`).join('') +
      '</price>';
    const xmlText = [
      '<list>',
      item('26223', 'Германия (1&amp;1)', ['2.1', '2.1', '', '', '', '', '']),
      item('RU', 'Россия', ['1.4', '1.4', '', '', '0.5', '', '']),
      item('25001', 'Россия (MTS)', ['1.2', '1.2', '1.3', '', '', '', '']),
      item('', 'Остальные направления', ['2', '2', '', '0.1', '', '3', '0.05']),
      '</list>',
    ].join('\n');
    assert.deepEqual(xml.bytes, iconv.encode(xmlText, 'koi8-r'));

    const json = await server.call('/sys/get.php', { ...PRICES, fmt: 3 });
    const object = (zone: string, name: string, cells: string[]) =>
      `{\n"zone": "${zone}",\n"name": "${name}",\n` +
      ['api', 'mass', 'flash', 'mail', 'viber', 'call', 'hlr'].map((field, i) => `"${field}": "${cells[i]}"`).join(',\n') +
      '\n}';
    const jsonText = `[${[
      object('26223', 'Германия (1&1)', ['2.1', '2.1', '', '', '', '', '']),
      object('RU', 'Россия', ['1.4', '1.4', '', '', '0.5', '', '']),
      object('25001', 'Россия (MTS)', ['1.2', '1.2', '1.3', '', '', '', '']),
      object('', 'Остальные направления', ['2', '2', '', '0.1', '', '3', '0.05']),
    ].join(',\n')}]`;
    assert.deepEqual(json.bytes, iconv.encode(jsonText, 'windows-1251'));
    assert.equal(JSON.parse(json.text)[0].name, 'Германия (1&1)', 'valid JSON, prices as strings');
  });

  test(`${database.name}: names follow the account's language; mms gets its column when priced`, async (t) => {
    const server = await startTestServer(t, database);
    await server.account('demo');
    await server.store.db.updateTable('accounts').set({ language: 'en' }).where('login', '=', 'demo').execute();
    await planFor(server, 'demo', 'retail', 'type,country,mccmnc,price\nsms,,25001,1.2\nmms,KZ,,4\n');
    const answer = await server.call('/sys/get.php', { ...PRICES, fmt: 0 });
    assert.equal(answer.text, 'zone = KZ, name = Kazakhstan, api = , mass = , mms = 4\nzone = 25001, name = Russia (MTS), api = 1.2, mass = 1.2, mms = ');
  });

  test(`${database.name}: a plan without rules answers error 3`, async (t) => {
    const server = await startTestServer(t, database);
    await server.account('demo');
    await planFor(server, 'demo', 'empty', 'type;country;mccmnc;price\n');
    assert.equal((await server.call('/sys/get.php', { ...PRICES, fmt: 0 })).text, 'ERROR = 3 (record not found)');
    assert.equal((await server.call('/sys/get.php', { ...PRICES, fmt: 3 })).text, '{\n"error": "record not found",\n"error_code": 3\n}');
  });

  test(`${database.name}: the fourth identical request within a minute answers error 9`, async (t) => {
    const server = await startTestServer(t, database);
    await server.account('demo');
    for (let i = 1; i <= 3; i++) assert.match((await server.call('/sys/get.php', { ...PRICES, fmt: 1 })).text, /^,Остальные/, `request ${i}`);
    assert.equal((await server.call('/sys/get.php', { ...PRICES, fmt: 1 })).text, '0,-9');
    assert.equal((await server.call('/sys/get.php', { ...PRICES, fmt: 3 })).text.startsWith('[{'), true, 'another request is still answered');
  });
}
