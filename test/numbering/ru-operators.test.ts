// The Russian operator table: legal names as the registry writes them, and MCC/MNC checked against mcc-mnc-list 1.1.11.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import mccMncList from 'mcc-mnc-list';
import { operatorByLegalName, operatorByMccMnc, RUSSIAN_OPERATORS } from '../../src/numbering/ru-operators.ts';

test('every MCC/MNC in the table is a Russian network in mcc-mnc-list', () => {
  for (const operator of RUSSIAN_OPERATORS) {
    const [listed] = mccMncList.filter({ mccmnc: operator.mccmnc });
    assert.equal(listed?.countryCode, 'RU', `${operator.names.en} ${operator.mccmnc}`);
  }
  assert.equal(new Set(RUSSIAN_OPERATORS.map((o) => o.mccmnc)).size, RUSSIAN_OPERATORS.length, 'one row per network');
});

test('the big operators are found under the legal names the registry uses, in any legal form and quoting', () => {
  const cases: [string, string, string][] = [
    ['ПАО "Мобильные ТелеСистемы"', 'МТС', '25001'],
    ['ПАО "МегаФон"', 'МегаФон', '25002'],
    ['Публичное акционерное общество «Вымпел-Коммуникации»', 'Билайн', '25099'],
    ['ООО "Т2 Мобайл"', 'Tele2', '25020'],
    ['ООО "Скартел"', 'Yota', '25011'],
    ['ООО "ЕКАТЕРИНБУРГ-2000"', 'Мотив', '25035'],
    ['АО "Тинькофф Мобайл"', 'Т-Мобайл', '25062'],
    ['ООО "СберМобайл"', 'СберМобайл', '25050'],
    ['ООО "К-Телеком"', 'Win mobile', '25032'],
    ['ПАО "Таттелеком"', 'Летай', '25027'],
    ['Общество с ограниченной ответственностью "Т2 Мобайл"', 'Tele2', '25020'],
  ];
  for (const [legalName, brand, mccmnc] of cases) {
    const operator = operatorByLegalName(legalName);
    assert.deepEqual([operator?.names.ru, operator?.mccmnc], [brand, mccmnc], legalName);
  }
  assert.equal(operatorByLegalName('ООО "Новый Оператор"'), undefined);
  assert.equal(operatorByLegalName('ПАО'), undefined);
});

test('operators are found by MCC/MNC, with English brands', () => {
  assert.equal(operatorByMccMnc('25001')?.names.en, 'MTS');
  assert.equal(operatorByMccMnc('25099')?.names.en, 'Beeline');
  assert.equal(operatorByMccMnc('25097'), undefined);
});
