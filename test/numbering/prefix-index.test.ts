// PrefixIndex: longest-prefix lookup, replacement of a prefix's value, and listing entries under a prefix.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PrefixIndex } from '../../src/numbering/prefix-index.ts';

test('lookup returns the value of the longest matching prefix', () => {
  const index = PrefixIndex.empty<string>();
  index.insert('7', 'RU');
  index.insert('77', 'KZ');
  index.insert('7916', 'MTS');
  assert.equal(index.lookup('79161234567'), 'MTS');
  assert.equal(index.lookup('79261234567'), 'RU');
  assert.equal(index.lookup('77011234567'), 'KZ');
  assert.equal(index.lookup('7'), 'RU');
});

test('no matching prefix gives undefined, and reading stops at a non-digit', () => {
  const index = PrefixIndex.empty<string>();
  index.insert('44', 'GB');
  index.insert('447', 'mobile');
  assert.equal(index.lookup('12025550123'), undefined);
  assert.equal(index.lookup(''), undefined);
  assert.equal(index.lookup('44x7'), 'GB');
});

test('a later insert for the same prefix replaces the earlier one', () => {
  const index = PrefixIndex.empty<string>();
  index.insert('7926', 'MegaFon');
  index.insert('7926', 'imported');
  assert.equal(index.lookup('79261234567'), 'imported');
});

test('the empty prefix is the default for every number', () => {
  const index = PrefixIndex.empty<string>();
  index.insert('', 'default');
  index.insert('1', 'NANP');
  assert.equal(index.lookup('999'), 'default');
  assert.equal(index.lookup('1202'), 'NANP');
});

test('inserting a prefix that is not all digits is a bug', () => {
  assert.throws(() => PrefixIndex.empty<string>().insert('7a', 'x'), RangeError);
});

test('grows past its initial capacity without losing entries', () => {
  const index = PrefixIndex.empty<number>();
  for (let i = 0; i < 20_000; i++) index.insert(String(100_000 + i), i);
  assert.equal(index.lookup('100000'), 0);
  assert.equal(index.lookup('11999912'), 19_999);
});

test('equal values share one slot, and a snapshot loads back into the same lookups', () => {
  const index = PrefixIndex.empty<string>();
  index.insert('7', 'RU');
  index.insert('77', 'KZ');
  index.insert('79', 'RU');
  const snapshot = index.snapshot();
  assert.deepEqual(snapshot.values, ['RU', 'KZ']);
  assert.equal(snapshot.cells.length, index.size * 11);
  const loaded = PrefixIndex.fromSnapshot(snapshot);
  assert.ok(loaded);
  for (const phone of ['79161234567', '77011234567', '7', '1']) assert.equal(loaded.lookup(phone), index.lookup(phone), phone);
});

test('a snapshot whose cells do not form a trie is refused', () => {
  const index = PrefixIndex.empty<string>();
  index.insert('123', 'a');
  // Nodes 0 (root) → 1 ('1') → 2 ('12') → 3 ('123', value slot 1); node n's child for digit d is cell n × 11 + 1 + d.
  const good = index.snapshot();
  assert.deepEqual([good.cells[2], good.cells[11 + 3], good.cells[22 + 4], good.cells[33]], [1, 2, 3, 1]);
  const changed = (at: number, to: number) => ({ ...good, cells: Int32Array.from(good.cells, (cell, i) => (i === at ? to : cell)) });
  const cases: [string, typeof good][] = [
    ['not whole nodes', { ...good, cells: good.cells.slice(1) }],
    ['a child pointing back to an ancestor', changed(22 + 4, 1)],
    ['a child pointing to itself', changed(22 + 4, 2)],
    ['a child past the last node', changed(2, 99)],
    ['a value slot past the values', { ...good, values: [] }],
    ['a negative value slot', changed(33, -1)],
    ['no nodes', { cells: new Int32Array(0), values: [] }],
  ];
  for (const [name, snapshot] of cases) assert.equal(PrefixIndex.fromSnapshot(snapshot), undefined, name);
  assert.equal(PrefixIndex.fromSnapshot(good)?.lookup('1234'), 'a');
});

test('compact() keeps every entry and later inserts still work', () => {
  const index = PrefixIndex.empty<number>();
  for (let i = 0; i < 3_000; i++) index.insert(String(10_000 + i), i);
  index.compact();
  assert.equal(index.lookup('1299999'), 2_999);
  index.insert('5', -1);
  assert.deepEqual([index.lookup('10000'), index.lookup('59')], [0, -1]);
});
