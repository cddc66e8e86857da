// BoundedMap: at most `cap` keys (or weight), the least recently set forgotten first, under any mix of sets and deletes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BoundedMap } from '../src/bounded-map.ts';
import { seededRandom } from '../src/random.ts';
import { collectGarbage } from './support/collect-garbage.ts';

test('a new key past the cap evicts the least recently set key; setting a key again makes it the newest', () => {
  const map = new BoundedMap<string, number>(3);
  map.set('a', 1).set('b', 2).set('c', 3);
  map.set('a', 10);
  map.set('d', 4);
  assert.deepEqual([...map], [['c', 3], ['a', 10], ['d', 4]], 'b went: a was set again after it');
  assert.equal(map.size, 3);
  assert.equal(map.get('b'), undefined);
});

test('deleted keys leave room, and clear() starts over', () => {
  const map = new BoundedMap<string, number>(2);
  map.set('a', 1).set('b', 2);
  assert.equal(map.delete('a'), true);
  map.set('c', 3);
  assert.deepEqual([...map.values()], [2, 3], 'nothing evicted: a had gone');
  map.clear();
  map.set('x', 1).set('y', 2).set('z', 3);
  assert.deepEqual([...map], [['y', 2], ['z', 3]]);
});

test('weighed, the cap is on the total weight: a heavy key evicts as many old ones as it takes, and one heavier than the cap stays alone', () => {
  const map = new BoundedMap<string, string>(10, (_key, value) => value.length);
  map.set('a', 'xxxx').set('b', 'xxxx');
  map.set('c', 'xx');
  assert.deepEqual([...map].map(([key]) => key), ['a', 'b', 'c'], 'weight 10: nothing evicted');
  map.set('d', 'xxxxxxx');
  assert.deepEqual([...map].map(([key]) => key), ['c', 'd'], 'a and b went to make room for 7');
  map.set('c', 'xxxx');
  assert.deepEqual([...map].map(([key]) => key), ['c'], 'c set again, heavier: d is now the oldest and goes');
  map.set('e', 'x'.repeat(25));
  assert.deepEqual([...map].map(([key]) => key), ['e'], 'heavier than the cap: kept, alone');
  map.delete('e');
  map.set('f', 'xxxxxxxxxx');
  assert.deepEqual([...map].map(([key]) => key), ['f'], 'a delete gives its weight back');
});

test('it evicts in the same order as a plain list under a long random mix of sets and deletes', () => {
  const random = seededRandom(6);
  const cap = 50;
  const map = new BoundedMap<number, number>(cap);
  // The model: keys oldest first.
  let model: number[] = [];
  for (let op = 0; op < 100_000; op++) {
    const key = Math.floor(random() * 200);
    if (random() < 0.2) {
      assert.equal(map.delete(key), model.includes(key));
      model = model.filter((k) => k !== key);
    } else {
      map.set(key, op);
      model = model.filter((k) => k !== key);
      if (model.length >= cap) model.shift();
      model.push(key);
    }
  }
  assert.deepEqual([...map].map(([key]) => key), model);
  assert.ok(map.size <= cap);
});

test('a cap below 1 is refused', () => {
  assert.throws(() => new BoundedMap(0), /cap of at least 1/);
  assert.throws(() => new BoundedMap(2.5), /cap of at least 1/);
});

test('churn leaves nothing behind: heap after a collection stays flat over a million short-lived keys or evictions', () => {
  const cap = 50_000;
  const map = new BoundedMap<string, number[]>(cap);
  const heapGrowthMb = (churn: () => void) => {
    collectGarbage();
    const before = process.memoryUsage().heapUsed;
    churn();
    for (const [key] of map) map.delete(key);
    collectGarbage();
    assert.equal(map.size, 0);
    return (process.memoryUsage().heapUsed - before) / 2 ** 20;
  };
  // Below the cap keys come and go without an eviction, as a limit's keys do under light traffic: a long-lived
  // iterator over the Map would pin every hash table it has outgrown (the reverted version grew 104 MB here).
  const belowCap = heapGrowthMb(() => {
    for (let i = 0; i < 1_000_000; i++) {
      map.set(`short-lived ${i}`, [i]);
      if (i >= 100) map.delete(`short-lived ${i - 100}`);
    }
  });
  // Past the cap every set evicts.
  const pastCap = heapGrowthMb(() => {
    for (let i = 0; i < 1_000_000; i++) map.set(`key ${i}`, [i]);
  });
  assert.ok(belowCap < 4 && pastCap < 4, `heap grew ${belowCap.toFixed(1)} MB below the cap, ${pastCap.toFixed(1)} MB past it`);
});
