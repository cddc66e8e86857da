// balance.php answers, byte for byte (docs/compatibility.md "balance.php", spec §5).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { renderBalance } from '../../src/wire/balance-response.ts';
import type { Fmt } from '../../src/wire/types.ts';

const doc = { balanceMinor: 25080, currency: 'RUB' };

describe('renderBalance', () => {
  const cases: Array<[Fmt, boolean, string]> = [
    [0, false, '250.80'],
    [1, false, '250.80'],
    [2, false, '<result>\n<balance>250.80</balance>\n</result>'],
    [3, false, '{\n"balance": "250.80"\n}'],
    [0, true, '250.80, RUB'],
    [1, true, '250.80, RUB'],
    [2, true, '<result>\n<balance>250.80</balance>\n<currency>RUB</currency>\n</result>'],
    [3, true, '{\n"balance": "250.80",\n"currency": "RUB"\n}'],
  ];
  for (const [fmt, withCurrency, expected] of cases) {
    it(`fmt ${fmt}${withCurrency ? ' cur=1' : ''} (docs table, spec §5)`, () => {
      assert.equal(renderBalance(doc, withCurrency, fmt), expected);
    });
  }

  it('fmt 3 as recorded in 2013: {"balance": "15.00"} (recorded-responses-2013 14b5a770…)', () => {
    assert.equal(renderBalance({ balanceMinor: 1500, currency: 'RUB' }, false, 3), '{\n"balance": "15.00"\n}');
  });

  it('a negative balance keeps two decimals (credit accounts)', () => {
    assert.equal(renderBalance({ balanceMinor: -5, currency: 'RUB' }, false, 0), '-0.05');
  });
});
