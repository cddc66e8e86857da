// Opens the store: SQLite (a file path, the default) or PostgreSQL (a postgres:// URL), migrated.
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import { Kysely, PostgresDialect } from 'kysely';
import { CachingSqliteDialect } from './sqlite-dialect.ts';
import type { Database } from './schema.ts';
import { migrateToLatest } from './migrations.ts';
import { GroupCommit } from './group-commit.ts';
import type { WriteOp } from './write-op.ts';
import { WriteThread } from './write-thread-client.ts';

export type Dialect = 'sqlite' | 'postgres';

/** How long a write waits for another connection's lock before it fails, on either database. */
const LOCK_TIMEOUT_MS = 5000;

/** An open, migrated database and the dialect it speaks. */
export interface Store {
  db: Kysely<Database>;
  dialect: Dialect;
  /**
   * Runs `op` in a transaction shared with the other writes queued meanwhile (group commit, one commit for all of
   * them); it succeeds or fails on its own, and resolves only after the commit. The hot paths (accepting, claims,
   * transfers, receipts, expiry) write through here.
   */
  write<A, R>(op: WriteOp<A, R>, args: A): Promise<R>;
  /** Finishes the queued writes, then closes the database. */
  close(): Promise<void>;
}

export interface StoreOptions {
  sqliteSynchronous?: 'NORMAL' | 'FULL';
  /** PostgreSQL pool size. */
  poolSize?: number;
  /** The most writes one group commit takes (GroupCommit's default when absent). */
  maxGroupWrites?: number;
  /**
   * SQLite files only: run write ops in a worker thread with a connection of its own (src/store/write-thread.ts),
   * so executing and syncing them does not stop the event loop. The gateway sets it; tools and unit tests need not.
   */
  writeThread?: boolean;
}

/** True when `url` names PostgreSQL rather than a SQLite file. */
export function isPostgresUrl(url: string): boolean {
  return /^postgres(ql)?:\/\//.test(url);
}

// int8 columns (ids, times, money) come back as strings by default; all of ours fit in a double.
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number(value));

/** Opens and migrates the database at `url`. */
export async function openStore(url: string, options: StoreOptions = {}): Promise<Store> {
  const store = isPostgresUrl(url) ? openPostgres(url, options) : openSqlite(url, options);
  try {
    await migrateToLatest(store.db, store.dialect);
  } catch (e) {
    await store.close();
    throw e;
  }
  if (!options.writeThread || store.dialect !== 'sqlite' || url === ':memory:') return store;
  const thread = new WriteThread(url, { ...options, writeThread: false });
  return {
    ...store,
    write: (op, args) => thread.call(op, args),
    async close() {
      await thread.close();
      await store.close();
    },
  };
}

/** Opens the SQLite file at `path` as it is, unmigrated (the write thread opens its own connection this way). */
export function openSqlite(path: string, options: StoreOptions): Store {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const sqlite = new SQLite(path);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma(`synchronous = ${options.sqliteSynchronous ?? 'FULL'}`);
  sqlite.pragma(`busy_timeout = ${LOCK_TIMEOUT_MS}`);
  sqlite.pragma('foreign_keys = ON');
  return storeOver(new Kysely<Database>({ dialect: new CachingSqliteDialect(sqlite) }), 'sqlite', options);
}

function openPostgres(url: string, options: StoreOptions): Store {
  // A statement waits at most LOCK_TIMEOUT_MS for a lock, as SQLite's busy_timeout (docs/faults.md).
  const pool = new pg.Pool({ connectionString: url, max: options.poolSize ?? 10, lock_timeout: LOCK_TIMEOUT_MS });
  // An idle client that loses its server must not crash the process; the next query reports it.
  pool.on('error', () => {});
  return storeOver(new Kysely<Database>({ dialect: new PostgresDialect({ pool }) }), 'postgres', options);
}

function storeOver(db: Kysely<Database>, dialect: Dialect, options: StoreOptions): Store {
  const commits = new GroupCommit(db, options.maxGroupWrites);
  return {
    db,
    dialect,
    write: (op, args) => commits.run((trx) => op.run(trx, args, dialect)),
    async close() {
      await commits.drain();
      await db.destroy();
    },
  };
}
