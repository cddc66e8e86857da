// The Russian numbering registry import, on fixtures in both of the registry's encodings (test/fixtures/numbering/README.md).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import iconv from 'iconv-lite';
import { parseRegistry, registryFacts } from '../../src/numbering/ru-registry.ts';

const fixture = (name: string) => readFileSync(new URL(`../fixtures/numbering/${name}`, import.meta.url));

test('DEF-9xx.utf8.csv (open-data layout, UTF-8 with BOM): every row, with brands resolved to MCC/MNC', () => {
  const parsed = parseRegistry(fixture('DEF-9xx.utf8.csv'));
  assert.ok(!parsed.err, JSON.stringify(parsed.err));
  assert.deepEqual(parsed.ranges, [
    { first: '79000000000', last: '79000061999', operator: 'ООО "Т2 Мобайл"', region: 'Краснодарский край', mccmnc: '25020' },
    { first: '79030000000', last: '79030999999', operator: 'ПАО "Вымпел-Коммуникации"', region: 'г. Москва и Московская область', mccmnc: '25099' },
    { first: '79089000000', last: '79089099999', operator: 'ООО "ЕКАТЕРИНБУРГ-2000"', region: 'Свердловская обл.', mccmnc: '25035' },
    { first: '79160000000', last: '79169999999', operator: 'ПАО "Мобильные ТелеСистемы"', region: 'г. Москва и Московская область', mccmnc: '25001' },
    { first: '79260000000', last: '79269999999', operator: 'ПАО "МегаФон"', region: 'г. Москва и Московская область', mccmnc: '25002' },
    { first: '79501230000', last: '79501239999', operator: 'ПАО "Мобильные ТелеСистемы"', region: 'Тверская обл.', mccmnc: '25001' },
    { first: '79585000000', last: '79585099999', operator: 'ООО "Новый Оператор"', region: 'Республика Татарстан (Татарстан)', mccmnc: '' },
    { first: '79990000000', last: '79990999999', operator: 'ООО "Скартел"', region: 'г. Москва и Московская область', mccmnc: '25011' },
  ]);
});

test('ABC-3xx-4xx-8xx.cp1251.csv (older layout, windows-1251, tabs): fixed lines get no MCC/MNC, regions their subject', () => {
  const parsed = parseRegistry(fixture('ABC-3xx-4xx-8xx.cp1251.csv'));
  assert.ok(!parsed.err, JSON.stringify(parsed.err));
  assert.deepEqual(parsed.ranges, [
    { first: '73012100000', last: '73012109999', operator: 'ОАО "АСВТ"', region: 'Республика Бурятия', mccmnc: '' },
    { first: '74950000000', last: '74950999999', operator: 'ПАО "Мобильные ТелеСистемы"', region: 'г. Москва', mccmnc: '' },
    { first: '78123000000', last: '78123099999', operator: 'ПАО "Ростелеком"', region: 'г. Санкт-Петербург', mccmnc: '' },
  ]);
});

test('От and До without leading zeros (a spreadsheet re-export) are padded to 7 digits', () => {
  const parsed = parseRegistry(Buffer.from('АВС/ DEF;От;До;Емкость;Оператор;Регион\n900;0;61999;62000;ООО "Т2 Мобайл";Краснодарский край\n'));
  assert.deepEqual(parsed.err ? parsed.err : parsed.ranges.map((r) => [r.first, r.last]), [['79000000000', '79000061999']]);
});

test('a bad file is refused with the line that is wrong, and gives no ranges', () => {
  const header = 'АВС/ DEF;От;До;Емкость;Оператор;Регион';
  const good = '916;0000000;9999999;10000000;ПАО "МТС";г. Москва';
  const cases: [string, string, { line: number; reason: string }][] = [
    ['code not 3 digits', `${header}\n${good}\n91;0000000;0000001;2;ПАО "МТС";г. Москва`, { line: 3, reason: 'the АВС/ DEF code "91" is not 3 digits' }],
    ['От not a number', `${header}\n${good}\n\n916;abc;0000001;2;ПАО "МТС";г. Москва`, { line: 4, reason: 'От "abc" and До "0000001" must be numbers of up to 7 digits' }],
    ['До too long', `${header}\n916;0000000;99999999;1;ПАО "МТС";г. Москва`, { line: 2, reason: 'От "0000000" and До "99999999" must be numbers of up to 7 digits' }],
    ['От after До', `${header}\n916;0000010;0000001;1;ПАО "МТС";г. Москва`, { line: 2, reason: 'От 0000010 is after До 0000001' }],
    ['no operator', `${header}\n916;0000000;0000001;2;;г. Москва`, { line: 2, reason: 'the Оператор column is empty' }],
    ['a short line', `${header}\n916;0000000`, { line: 2, reason: 'От "0000000" and До "" must be numbers of up to 7 digits' }],
    ['no Регион column', 'АВС/ DEF;От;До;Оператор\n916;0;1;x', { line: 1, reason: 'the header has no column Регион' }],
    ['not a registry file', 'phone;mccmnc;operator\n79161234567;25001;', { line: 1, reason: 'the header has no column АВС/ DEF, От, До, Оператор, Регион' }],
    ['empty', '', { line: 1, reason: 'the file is empty' }],
  ];
  for (const [name, text, problem] of cases) {
    assert.deepEqual(parseRegistry(iconv.encode(text, 'win1251')), { err: problem }, name);
  }
});

test('facts of a range: brand names per language, the registry name when unknown, the region transliterated in English', () => {
  assert.deepEqual(registryFacts({ operator: 'ПАО "Мобильные ТелеСистемы"', region: 'г. Москва и Московская область', mccmnc: '25001' }), {
    operator: { ru: 'МТС', en: 'MTS' },
    region: { ru: 'г. Москва и Московская область', en: 'g. Moskva i Moskovskaya oblast' },
    mccmnc: '25001',
  });
  assert.deepEqual(registryFacts({ operator: 'ООО "Новый Оператор"', region: 'Республика Татарстан (Татарстан)', mccmnc: '' }), {
    operator: { ru: 'ООО "Новый Оператор"', en: 'ООО "Новый Оператор"' },
    region: { ru: 'Республика Татарстан (Татарстан)', en: 'Respublika Tatarstan (Tatarstan)' },
    mccmnc: '',
  });
});
