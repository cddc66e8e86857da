// Imports over the packaged data: ported number > registry range > packaged directory, the packaged data left untouched.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LayeredDirectory } from '../../src/numbering/layered-directory.ts';
import { packagedDirectory } from '../../src/numbering/packaged-directory.ts';
import type { Facts } from '../../src/numbering/number-overlay.ts';

const packaged = packagedDirectory();

const MTS_TVER: Facts = { operator: { ru: 'МТС', en: 'MTS' }, region: { ru: 'Тверская обл.', en: 'Tverskaya obl.' }, mccmnc: '25001' };
const MEGAFON_PORTED: Facts = { operator: { ru: 'МегаФон', en: 'MegaFon' }, mccmnc: '25002' };

function facts(directory: { lookup: LayeredDirectory['lookup'] }, phone: string, language: 'ru' | 'en' = 'en') {
  const { country, countryName, operator, region, mcc, mnc, mccmnc } = directory.lookup(phone, language);
  return { country, countryName, operator, region, mcc, mnc, mccmnc };
}

test('an imported range overrides the packaged operator, gives the region, keeps the country', () => {
  // Packaged: 7950 is Tele2 (carrier 950), no region.
  const layered = new LayeredDirectory(packaged, [{ first: '79501230000', last: '79501239999', facts: MTS_TVER }], []);
  assert.deepEqual(facts(layered, '79501234567'), { country: 'RU', countryName: 'Russia', operator: 'MTS', region: 'Tverskaya obl.', mcc: '250', mnc: '01', mccmnc: '25001' });
  assert.deepEqual(facts(layered, '79501234567', 'ru'), { country: 'RU', countryName: 'Россия', operator: 'МТС', region: 'Тверская обл.', mcc: '250', mnc: '01', mccmnc: '25001' });
  assert.equal(layered.lookup('79501240000', 'en').operator, 'Tele2', 'just after the range: packaged again');
  assert.equal(layered.lookup('79501229999', 'en').operator, 'Tele2', 'just before the range: packaged again');
});

test('a ported number overrides both its range and the packaged data, and keeps the range region', () => {
  const layered = new LayeredDirectory(packaged, [{ first: '79501230000', last: '79501239999', facts: MTS_TVER }], [{ phone: '79501231111', facts: MEGAFON_PORTED }]);
  assert.deepEqual(facts(layered, '79501231111', 'ru'), { country: 'RU', countryName: 'Россия', operator: 'МегаФон', region: 'Тверская обл.', mcc: '250', mnc: '02', mccmnc: '25002' });
  assert.equal(layered.lookup('79501231112', 'en').operator, 'MTS', 'only that number moved');
  // Ported out of a packaged-only range: the packaged region stays.
  const moscow = new LayeredDirectory(packaged, [], [{ phone: '74951234567', facts: MEGAFON_PORTED }]);
  assert.deepEqual([moscow.lookup('74951234567', 'en').operator, moscow.lookup('74951234567', 'en').region], ['MegaFon', 'Moscow']);
});

test('a range of an operator without MCC/MNC clears the packaged MCC/MNC instead of keeping the wrong network', () => {
  const unknown: Facts = { operator: { ru: 'ООО "Новый Оператор"', en: 'ООО "Новый Оператор"' }, region: { ru: 'Татарстан', en: 'Tatarstan' }, mccmnc: '' };
  const layered = new LayeredDirectory(packaged, [{ first: '79585000000', last: '79585099999', facts: unknown }], []);
  assert.equal(packaged.lookup('79585012345', 'en').mccmnc, '25020');
  assert.deepEqual([layered.lookup('79585012345', 'en').operator, layered.lookup('79585012345', 'en').mccmnc, layered.lookup('79585012345', 'en').mcc], ['ООО "Новый Оператор"', '', '']);
});

test('where imported ranges overlap, the later one wins', () => {
  const narrow: Facts = { ...MEGAFON_PORTED, region: { ru: 'узкий', en: 'narrow' } };
  const layered = new LayeredDirectory(packaged, [
    { first: '79500000000', last: '79509999999', facts: MTS_TVER },
    { first: '79500000000', last: '79500999999', facts: narrow },
  ], []);
  assert.equal(layered.lookup('79500123456', 'en').region, 'narrow');
  assert.equal(layered.lookup('79501123456', 'en').region, 'Tverskaya obl.');
});

test('imports never change the shared packaged directory, and two layered directories do not see each other', () => {
  const before = facts(packaged, '79501231111');
  const one = new LayeredDirectory(packaged, [{ first: '79501230000', last: '79501239999', facts: MTS_TVER }], []);
  const other = new LayeredDirectory(packaged, [], [{ phone: '79501231111', facts: MEGAFON_PORTED }]);
  assert.equal(one.lookup('79501231111', 'en').operator, 'MTS');
  assert.equal(other.lookup('79501231111', 'en').operator, 'MegaFon');
  assert.deepEqual(facts(packaged, '79501231111'), before);
  assert.equal(before.operator, 'Tele2');
});

test('lookups through imports hand out one shared frozen object per distinct answer (no allocation per lookup)', () => {
  const layered = new LayeredDirectory(packaged, [{ first: '79501230000', last: '79501239999', facts: MTS_TVER }], [{ phone: '79501231111', facts: MEGAFON_PORTED }]);
  for (const phone of ['79501234567', '79501231111']) {
    const first = layered.lookup(phone, 'en');
    assert.equal(layered.lookup(phone, 'en'), first, phone);
    assert.ok(Object.isFrozen(first));
  }
  assert.equal(layered.lookup('79501234567', 'en'), layered.lookup('79501239999', 'en'));
  // Equal facts share one overlay: 10,000 ported numbers with two operators cost two merges, not 10,000.
  const many = Array.from({ length: 10_000 }, (_, i) => ({ phone: `7916${String(i).padStart(7, '0')}`, facts: i % 2 ? { ...MEGAFON_PORTED } : { ...MTS_TVER } }));
  const big = new LayeredDirectory(packaged, [], many);
  assert.equal(big.lookup('79160000002', 'en'), big.lookup('79160000004', 'en'));
  assert.deepEqual(big.size, { rangeNodes: 1, portedNumbers: 10_000 });
});
