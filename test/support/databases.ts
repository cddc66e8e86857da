// The databases every store and API test runs against: a fresh SQLite file, and PostgreSQL when it answers.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { TestContext } from 'node:test';
import pg from 'pg';
import { openStore, type Store, type StoreOptions } from '../../src/store/database.ts';

export type DialectName = 'sqlite' | 'postgres';

/** A database under test: `create` returns a fresh, empty URL and registers nothing global. */
export interface TestDatabase {
  name: DialectName;
  /** Returns the URL of a new empty database and a function that removes it. */
  create(): Promise<{ url: string; drop(): Promise<void> }>;
}

/** Where the tests find PostgreSQL (trust auth, database `test`); PG_TEST_URL overrides. */
export const POSTGRES_URL = process.env.PG_TEST_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

const sqlite: TestDatabase = {
  name: 'sqlite',
  async create() {
    const dir = mkdtempSync(join(tmpdir(), 'opensmsc-'));
    return { url: join(dir, 'test.sqlite'), drop: async () => rmSync(dir, { recursive: true, force: true }) };
  },
};

const postgres: TestDatabase = {
  name: 'postgres',
  async create() {
    // Each test gets its own schema, selected through the connection's search_path.
    const schema = `t_${randomBytes(6).toString('hex')}`;
    await adminQuery(`CREATE SCHEMA ${schema}`);
    const url = `${POSTGRES_URL}?options=${encodeURIComponent(`-c search_path=${schema}`)}`;
    return { url, drop: () => adminQuery(`DROP SCHEMA ${schema} CASCADE`) };
  },
};

async function adminQuery(text: string): Promise<void> {
  const client = new pg.Client({ connectionString: POSTGRES_URL });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

async function postgresAnswers(): Promise<boolean> {
  try {
    await adminQuery('SELECT 1');
    return true;
  } catch {
    return false;
  }
}

/** SQLite always; PostgreSQL when it answers (CI starts it). Set REQUIRE_POSTGRES=1 to fail instead of skip. */
export const DATABASES: TestDatabase[] = (await postgresAnswers())
  ? [sqlite, postgres]
  : process.env.REQUIRE_POSTGRES === '1'
    ? (() => {
        throw new Error(`PostgreSQL does not answer at ${POSTGRES_URL}`);
      })()
    : [sqlite];

/** A new, empty, migrated store of `database`, opened with `options`; closed, then dropped, after the test. */
export async function freshStore(t: TestContext, database: TestDatabase, options: StoreOptions = {}): Promise<Store> {
  const { url, drop } = await database.create();
  let store: Store | undefined;
  t.after(async () => {
    await store?.close();
    await drop();
  });
  store = await openStore(url, options);
  return store;
}
