// Ported-number lists: ЦБДПН's Port_All export and the simple phone;mccmnc;operator form (test/fixtures/numbering/README.md).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import iconv from 'iconv-lite';
import { parsePortedNumbers, portedFacts } from '../../src/numbering/mnp.ts';

const fixture = (name: string) => readFileSync(new URL(`../fixtures/numbering/${name}`, import.meta.url));

test('Port_All.csv (ЦБДПН): national numbers become international, MNC becomes 250+MNC, PortDate a time', () => {
  assert.deepEqual(parsePortedNumbers(fixture('Port_All.csv')), {
    numbers: [
      { phone: '79501231111', operator: '', mccmnc: '25002', portedAt: Date.UTC(2016, 8, 7, 9, 0, 17) },
      { phone: '79031234567', operator: '', mccmnc: '25020', portedAt: Date.UTC(2017, 1, 9, 7, 0, 18) },
      { phone: '79161234567', operator: '', mccmnc: '25050', portedAt: Date.UTC(2023, 4, 1, 6, 0, 0) },
    ],
  });
});

test('Port_All_Full (more columns, in another order) is read by its header names', () => {
  const text = 'Number,OwnerId,MNC,Route,RegionCode,PortDate,RowCount,NPId,DonorId,RangeHolderId,OldRoute,OldMNC,ProcessType\n' +
    '9000000000,mMEGAFON,02,D2502,25,2016-09-07T12:00:17+03:00,6121908,1000000006441231,mTELE2,mTELE2,,,ShortTimePort\n';
  assert.deepEqual(parsePortedNumbers(Buffer.from(text)), {
    numbers: [{ phone: '79000000000', operator: '', mccmnc: '25002', portedAt: Date.UTC(2016, 8, 7, 9, 0, 17) }],
  });
});

test('ported-simple.cp1251.csv: international numbers, MCC/MNC and an optional name, in windows-1251', () => {
  assert.deepEqual(parsePortedNumbers(fixture('ported-simple.cp1251.csv')), {
    numbers: [
      { phone: '79261234567', operator: '', mccmnc: '25001', portedAt: null },
      { phone: '79651234567', operator: 'Билайн', mccmnc: '25099', portedAt: null },
      { phone: '380501234567', operator: '', mccmnc: '25501', portedAt: null },
      { phone: '79991234567', operator: 'Феникс', mccmnc: '25097', portedAt: null },
    ],
  });
});

test('a bad list is refused with the line that is wrong, and gives no numbers', () => {
  const central = 'Number,OwnerId,MNC,Route,RegionCode,PortDate,RowCount';
  const cases: [string, string, { line: number; reason: string }][] = [
    ['Number too long', `${central}\n9000000000,m,02,D,25,2016-09-07T12:00:17+03:00,2\n79000000001,m,02,D,25,,`, { line: 3, reason: 'Number "79000000001" is not 10 digits' }],
    ['MNC not digits', `${central}\n9000000000,m,MF,D,25,,`, { line: 2, reason: 'MNC "MF" is not 2 or 3 digits' }],
    ['PortDate not a time', `${central}\n9000000000,m,02,D,25,07.09.2016,`, { line: 2, reason: 'PortDate "07.09.2016" is not an ISO-8601 time' }],
    ['PortDate impossible', `${central}\n9000000000,m,02,D,25,2016-13-45T00:00:00Z,`, { line: 2, reason: 'PortDate "2016-13-45T00:00:00Z" is not an ISO-8601 time' }],
    ['phone too short', 'phone;mccmnc;operator\n7916123;25001;', { line: 2, reason: 'phone "7916123" is not 10 to 15 digits' }],
    ['mccmnc too short', 'phone;mccmnc;operator\n79161234567;2500;', { line: 2, reason: 'mccmnc "2500" is not 5 or 6 digits' }],
    ['unknown header', 'tel;net\n79161234567;25001', { line: 1, reason: "the header is neither ЦБДПН's (Number,OwnerId,MNC,Route,RegionCode,PortDate,…) nor phone;mccmnc;operator" }],
    ['empty', '\n', { line: 1, reason: 'the file is empty' }],
  ];
  for (const [name, text, problem] of cases) assert.deepEqual(parsePortedNumbers(iconv.encode(text, 'win1251')), { err: problem }, name);
});

test('a ported number is named from the operator table, else its file, else mcc-mnc-list', () => {
  assert.deepEqual(portedFacts({ operator: '', mccmnc: '25002' }), { operator: { ru: 'МегаФон', en: 'MegaFon' }, mccmnc: '25002' });
  assert.deepEqual(portedFacts({ operator: 'Megafon (file)', mccmnc: '25002' }).operator, { ru: 'МегаФон', en: 'MegaFon' });
  assert.deepEqual(portedFacts({ operator: 'Феникс', mccmnc: '25097' }).operator, { ru: 'Феникс', en: 'Феникс' });
  assert.deepEqual(portedFacts({ operator: '', mccmnc: '25097' }).operator, { ru: 'Phoenix', en: 'Phoenix' });
  assert.deepEqual(portedFacts({ operator: '', mccmnc: '25025' }).operator, { ru: '', en: '' });
});
