// src/store/queries.sql is the compiled SQL of the queries that matter; it must match the code (STYLE rule 10).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { QUERIES_SQL_PATH, renderQueriesSql } from '../../scripts/queries-sql.ts';

test('src/store/queries.sql is up to date (run `npm run sql` after changing a query)', () => {
  assert.equal(readFileSync(QUERIES_SQL_PATH, 'utf8'), renderQueriesSql());
});
