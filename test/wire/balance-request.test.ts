// decodeBalance: the cur flag (spec §5).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeBalance } from '../../src/wire/balance-request.ts';

test('spec §5: cur=1 asks for the currency', () => {
  assert.deepEqual(decodeBalance(new Map([['cur', '1']])), { withCurrency: true });
});

test('spec §5: without cur=1 the balance comes alone', () => {
  for (const cur of [undefined, '', '0', 'RUB']) {
    const params = new Map(cur === undefined ? [] : [['cur', cur]]);
    assert.deepEqual(decodeBalance(params), { withCurrency: false }, String(cur));
  }
});
