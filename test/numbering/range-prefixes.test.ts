// Ranges to prefixes: exact cover of first..last, the fewest prefixes, checked on random ranges.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PrefixIndex } from '../../src/numbering/prefix-index.ts';
import { rangePrefixes } from '../../src/numbering/range-prefixes.ts';
import { seededRandom } from '../../src/random.ts';

test('a registry range becomes its aligned blocks (DEF-9xx.csv: 900;0000000;0061999)', () => {
  assert.deepEqual(rangePrefixes('79000000000', '79000061999'), ['7900000', '7900001', '7900002', '7900003', '7900004', '7900005', '79000060', '79000061']);
  assert.deepEqual(rangePrefixes('79160000000', '79169999999'), ['7916']);
  assert.deepEqual(rangePrefixes('79001234567', '79001234567'), ['79001234567']);
  assert.deepEqual(rangePrefixes('79001234560', '79001234571'), ['7900123456', '79001234570', '79001234571']);
  assert.deepEqual(rangePrefixes('000', '999'), ['']);
});

test('ranges that are not first ≤ last of one length of digits are a bug', () => {
  for (const [first, last] of [['79000000001', '79000000000'], ['7900', '79000'], ['79a', '79b'], ['1'.repeat(16), '1'.repeat(16)]]) {
    assert.throws(() => rangePrefixes(first!, last!), RangeError, `${first}..${last}`);
  }
});

test('property: random ranges are covered exactly, numbers just outside are not, and no two prefixes could merge', () => {
  const random = seededRandom(20261125);
  const digits = (count: number) => Array.from({ length: count }, () => Math.floor(random() * 10)).join('');
  for (let run = 0; run < 500; run++) {
    const length = 4 + Math.floor(random() * 8);
    // Bounds that share a random number of leading digits, so short and long ranges both occur.
    const shared = digits(Math.floor(random() * length));
    let [first, last] = [shared + digits(length - shared.length), shared + digits(length - shared.length)];
    if (first > last) [first, last] = [last, first];
    const prefixes = rangePrefixes(first, last);
    const index = PrefixIndex.empty<true>();
    for (const prefix of prefixes) index.insert(prefix, true);
    const inside = [first, last, ...Array.from({ length: 20 }, () => String(Number(first) + Math.floor(random() * (Number(last) - Number(first) + 1))).padStart(length, '0'))];
    for (const number of inside) assert.equal(index.lookup(number), true, `${number} in ${first}..${last}`);
    const before = String(Number(first) - 1).padStart(length, '0');
    const after = String(Number(last) + 1).padStart(length, '0');
    if (Number(first) > 0) assert.equal(index.lookup(before), undefined, `${before} before ${first}..${last}`);
    if (after.length === length) assert.equal(index.lookup(after), undefined, `${after} after ${first}..${last}`);
    // Minimal: ten sibling prefixes would be one shorter prefix.
    const siblings = new Map<string, number>();
    for (const prefix of prefixes) siblings.set(prefix.slice(0, -1), (siblings.get(prefix.slice(0, -1)) ?? 0) + 1);
    assert.ok([...siblings.values()].every((count) => count < 10), `${first}..${last} → ${prefixes.join(',')}`);
    assert.ok(prefixes.length <= 18 * length, 'at most 9 blocks per digit on each side');
  }
});
