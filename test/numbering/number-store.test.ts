// Imported numbering data in the store (src/store/numbering.ts), on SQLite and PostgreSQL.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DATABASES, freshStore } from '../support/databases.ts';
import {
  countPortedNumbers,
  readNumberRanges,
  readPortedNumbers,
  replaceNumberRanges,
  savePortedNumbers,
  type NumberRangeRecord,
} from '../../src/store/numbering.ts';

const range = (first: string, last: string, operator = 'ПАО "МТС"'): NumberRangeRecord => ({ first, last, operator, region: 'г. Москва', mccmnc: '25001' });

for (const database of DATABASES) {
  test(`${database.name}: importing ranges replaces every earlier range, keeping the file order`, async (t) => {
    const store = await freshStore(t, database);
    await replaceNumberRanges(store, [range('79160000000', '79169999999'), range('79260000000', '79269999999')]);
    // More rows than one INSERT takes (chunks of 500), to cross a chunk boundary.
    const many = Array.from({ length: 1_203 }, (_, i) => range(`7900${String(i).padStart(4, '0')}000`, `7900${String(i).padStart(4, '0')}999`, `op ${i}`));
    await replaceNumberRanges(store, many);
    assert.deepEqual(await readNumberRanges(store), many);
    await replaceNumberRanges(store, []);
    assert.deepEqual(await readNumberRanges(store), []);
  });

  test(`${database.name}: a failing range import leaves the earlier ranges as they were`, async (t) => {
    const store = await freshStore(t, database);
    const before = [range('79160000000', '79169999999')];
    await replaceNumberRanges(store, before);
    const broken = [range('79260000000', '79269999999'), { ...range('79270000000', '79279999999'), operator: null as unknown as string }];
    await assert.rejects(replaceNumberRanges(store, broken));
    assert.deepEqual(await readNumberRanges(store), before);
  });

  test(`${database.name}: ported numbers are upserted, the last line of a number wins, and --replace forgets the rest`, async (t) => {
    const store = await freshStore(t, database);
    await savePortedNumbers(store, [
      { phone: '79161234567', operator: '', mccmnc: '25002', portedAt: 1_473_238_817_000 },
      { phone: '79031234567', operator: 'Tele2', mccmnc: '25020', portedAt: null },
    ], { replace: false });
    await savePortedNumbers(store, [
      { phone: '79161234567', operator: '', mccmnc: '25099', portedAt: null },
      { phone: '79161234567', operator: 'last', mccmnc: '25011', portedAt: 1 },
      { phone: '79261234567', operator: '', mccmnc: '25001', portedAt: null },
    ], { replace: false });
    const byPhone = (numbers: Awaited<ReturnType<typeof readPortedNumbers>>) => [...numbers].sort((a, b) => a.phone.localeCompare(b.phone));
    assert.deepEqual(byPhone(await readPortedNumbers(store)), [
      { phone: '79031234567', operator: 'Tele2', mccmnc: '25020', portedAt: null },
      { phone: '79161234567', operator: 'last', mccmnc: '25011', portedAt: 1 },
      { phone: '79261234567', operator: '', mccmnc: '25001', portedAt: null },
    ]);
    assert.equal(await countPortedNumbers(store), 3);
    await savePortedNumbers(store, [{ phone: '79991234567', operator: '', mccmnc: '25001', portedAt: null }], { replace: true });
    assert.deepEqual(await readPortedNumbers(store), [{ phone: '79991234567', operator: '', mccmnc: '25001', portedAt: null }]);
    assert.equal(await countPortedNumbers(store), 1);
  });

  test(`${database.name}: ported lists longer than one INSERT are stored whole`, async (t) => {
    const store = await freshStore(t, database);
    const numbers = Array.from({ length: 1_501 }, (_, i) => ({ phone: `7916${String(i).padStart(7, '0')}`, operator: '', mccmnc: '25002', portedAt: null }));
    await savePortedNumbers(store, numbers, { replace: false });
    await savePortedNumbers(store, numbers.slice(0, 700).map((n) => ({ ...n, mccmnc: '25001' })), { replace: false });
    assert.equal(await countPortedNumbers(store), 1_501);
    const read = await readPortedNumbers(store);
    assert.equal(read.filter((n) => n.mccmnc === '25001').length, 700);
  });
}
