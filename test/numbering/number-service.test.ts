// NumberService: one store's imports over the shared packaged directory, re-read on reload(), on both databases.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { DATABASES, freshStore } from '../support/databases.ts';
import { NumberService } from '../../src/core/numbers.ts';
import { replaceNumberRanges, savePortedNumbers } from '../../src/store/numbering.ts';
import { packagedDirectory } from '../../src/numbering/packaged-directory.ts';
import { importNumberingFixtures as importFixtures } from '../support/numbering-fixtures.ts';

function facts(service: NumberService, phone: string, language: 'ru' | 'en') {
  const { country, operator, region, mccmnc } = service.lookup(phone, language);
  return [country, operator, region, mccmnc];
}

for (const database of DATABASES) {
  test(`${database.name}: imported registry ranges and ported numbers override the packaged data`, async (t) => {
    const store = await freshStore(t, database);
    await importFixtures(store);
    const service = await NumberService.load(store);
    // 916: no carrier in the package; the registry names МТС and Moscow.
    assert.deepEqual(facts(service, '79161111111', 'ru'), ['RU', 'МТС', 'г. Москва и Московская область', '25001']);
    assert.deepEqual(facts(service, '79161111111', 'en'), ['RU', 'MTS', 'g. Moskva i Moskovskaya oblast', '25001']);
    // 950123xxxx: packaged Tele2, the registry says МТС in Tver.
    assert.deepEqual(facts(service, '79501234567', 'ru'), ['RU', 'МТС', 'Тверская обл.', '25001']);
    // Ported 9501231111 → MNC 02 (МегаФон), region from its range; 9161234567 → MNC 50 (СберМобайл).
    assert.deepEqual(facts(service, '79501231111', 'ru'), ['RU', 'МегаФон', 'Тверская обл.', '25002']);
    assert.deepEqual(facts(service, '79161234567', 'en'), ['RU', 'SberMobile', 'g. Moskva i Moskovskaya oblast', '25050']);
    // A fixed line from the windows-1251 file: operator and region, no mobile network.
    assert.deepEqual(facts(service, '74950123456', 'ru'), ['RU', 'МТС', 'г. Москва', '']);
    // Outside every import: packaged data as before.
    assert.deepEqual(facts(service, '79821234567', 'en'), ['RU', 'MTS', '', '25001']);
    assert.deepEqual(facts(service, '380501234567', 'en'), ['UA', 'Vodafone', '', '25501']);
  });

  test(`${database.name}: imports made after load() show after reload()`, async (t) => {
    const store = await freshStore(t, database);
    const service = await NumberService.load(store);
    assert.deepEqual(facts(service, '79161111111', 'ru'), ['RU', '', '', '']);
    await importFixtures(store);
    assert.deepEqual(facts(service, '79161111111', 'ru'), ['RU', '', '', ''], 'not before reload()');
    await service.reload();
    assert.deepEqual(facts(service, '79161111111', 'ru'), ['RU', 'МТС', 'г. Москва и Московская область', '25001']);
    await replaceNumberRanges(store, []);
    await savePortedNumbers(store, [], { replace: true });
    await service.reload();
    assert.deepEqual(facts(service, '79501231111', 'en'), ['RU', 'Tele2', '', '25020'], 'a removed import is gone after reload()');
  });

  test(`${database.name}: two services over two stores do not see each other's imports, and share the packaged data`, async (t) => {
    const [imported, plain] = [await freshStore(t, database), await freshStore(t, database)];
    await importFixtures(imported);
    const [one, other] = [await NumberService.load(imported), await NumberService.load(plain)];
    assert.equal(one.lookup('79501234567', 'en').operator, 'MTS');
    assert.equal(other.lookup('79501234567', 'en').operator, 'Tele2');
    assert.equal(packagedDirectory().lookup('79501234567', 'en').operator, 'Tele2');
  });
}
