// The SQLite dialect's statement cache: each SQL text prepared once, and the kept statements capped by their SQL's length.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import Database from 'better-sqlite3';
import { Kysely } from 'kysely';
import { CachingSqliteDialect, MAX_CACHED_SQL_CHARACTERS } from '../../src/store/sqlite-dialect.ts';

interface Table {
  t: { id?: number; a: number; b: number; c: number; d: number };
}

test('a SQL text is prepared once; the statements kept are the most recently used that fit in the character budget', async (t) => {
  const database = new Database(':memory:');
  database.exec('create table t (id integer primary key, a, b, c, d)');
  const prepared: string[] = [];
  const prepare = database.prepare.bind(database);
  database.prepare = ((sql: string) => {
    prepared.push(sql);
    return prepare(sql);
  }) as typeof database.prepare;
  const db = new Kysely<Table>({ dialect: new CachingSqliteDialect(database) });
  t.after(() => db.destroy());
  const insertRows = (count: number) => db.insertInto('t').values(Array.from({ length: count }, (_, i) => ({ a: i, b: i, c: i, d: i }))).execute();

  await insertRows(1);
  await insertRows(1);
  assert.equal(prepared.length, 1, 'the same SQL, prepared once');

  // Inserts of 1,000 down to 901 rows: about 20,000 characters each, 2 million in all.
  for (let count = 1000; count > 900; count--) await insertRows(count);
  const lengthOf = (count: number) => prepared.find((sql) => sql.split('(?, ?, ?, ?)').length - 1 === count)!.length;
  let kept = 0;
  for (let total = 0, count = 901; total + lengthOf(count) <= MAX_CACHED_SQL_CHARACTERS; count++) {
    total += lengthOf(count);
    kept++;
  }
  assert.ok(kept >= 20 && kept < 100, `${kept} of the 100 fit`);

  const before = prepared.length;
  for (let count = 901; count < 901 + kept; count++) await insertRows(count);
  assert.equal(prepared.length, before, `the ${kept} most recent are still prepared`);
  await insertRows(901 + kept);
  assert.equal(prepared.length, before + 1, 'the next one back was dropped');
  await insertRows(1);
  assert.equal(prepared.length, before + 2, 'and so was the one-row insert, used before them all');
});
