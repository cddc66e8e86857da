// PrefixIndex: longest-prefix lookup, replacement of a prefix's value, and listing entries under a prefix.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PrefixIndex } from '../../src/numbering/prefix-index.ts';

test('lookup returns the value of the longest matching prefix', () => {
  const index = new PrefixIndex<string>();
  index.insert('7', 'RU');
  index.insert('77', 'KZ');
  index.insert('7916', 'MTS');
  assert.equal(index.lookup('79161234567'), 'MTS');
  assert.equal(index.lookup('79261234567'), 'RU');
  assert.equal(index.lookup('77011234567'), 'KZ');
  assert.equal(index.lookup('7'), 'RU');
});

test('no matching prefix gives undefined, and reading stops at a non-digit', () => {
  const index = new PrefixIndex<string>();
  index.insert('44', 'GB');
  index.insert('447', 'mobile');
  assert.equal(index.lookup('12025550123'), undefined);
  assert.equal(index.lookup(''), undefined);
  assert.equal(index.lookup('44x7'), 'GB');
});

test('a later insert for the same prefix replaces the earlier one', () => {
  const index = new PrefixIndex<string>();
  index.insert('7926', 'MegaFon');
  index.insert('7926', 'imported');
  assert.equal(index.lookup('79261234567'), 'imported');
});

test('the empty prefix is the default for every number', () => {
  const index = new PrefixIndex<string>();
  index.insert('', 'default');
  index.insert('1', 'NANP');
  assert.equal(index.lookup('999'), 'default');
  assert.equal(index.lookup('1202'), 'NANP');
});

test('inserting a prefix that is not all digits is a bug', () => {
  assert.throws(() => new PrefixIndex<string>().insert('7a', 'x'), RangeError);
});

test('grows past its initial capacity without losing entries', () => {
  const index = new PrefixIndex<number>();
  for (let i = 0; i < 20_000; i++) index.insert(String(100_000 + i), i);
  assert.equal(index.lookup('100000'), 0);
  assert.equal(index.lookup('11999912'), 19_999);
});

test('entriesUnder lists the prefix and everything below it', () => {
  const index = new PrefixIndex<string>();
  index.insert('7', 'a');
  index.insert('79', 'b');
  index.insert('795', 'c');
  index.insert('78', 'd');
  assert.deepEqual([...index.entriesUnder('79')], [['79', 'b'], ['795', 'c']]);
  assert.deepEqual([...index.entriesUnder('5')], []);
});
