// Kysely's SQLite dialect with a driver of our own: prepared statements kept and reused, waiters for the one
// connection served first come, first served, and write transactions that take the write lock when they begin.
import type { Database as SqliteDatabase, Statement } from 'better-sqlite3';
import {
  CompiledQuery,
  SqliteDialect,
  type DatabaseConnection,
  type Driver,
  type QueryResult,
} from 'kysely';
import { BoundedMap } from '../bounded-map.ts';

/**
 * Characters of SQL text the statements kept per connection may have between them. A prepared statement holds 30-40
 * bytes of program per character (a 500-row insert of messages, about 0.9 MB), so this keeps them under 20 MB however
 * the SQL varies (IN lists, multi-row VALUES); capped at 500 statements, as before, they could reach 400 MB. A
 * statement prepared again costs 120 µs, plus 3 µs a row of VALUES.
 */
export const MAX_CACHED_SQL_CHARACTERS = 500_000;

/** SqliteDialect over one better-sqlite3 database, with `SqliteStatementDriver`. */
export class CachingSqliteDialect extends SqliteDialect {
  readonly #database: SqliteDatabase;

  constructor(database: SqliteDatabase) {
    super({ database });
    this.#database = database;
  }

  override createDriver(): Driver {
    return new SqliteStatementDriver(this.#database);
  }
}

/**
 * The one connection, handed to one holder at a time in the order they asked. Kysely's own driver wakes every
 * waiter at each release and lets them race, which costs a microtask per waiter per query under load.
 */
class SqliteStatementDriver implements Driver {
  readonly #connection: CachedStatementConnection;
  readonly #waiters: Array<() => void> = [];
  #held = false;

  constructor(database: SqliteDatabase) {
    this.#connection = new CachedStatementConnection(database);
  }

  async init(): Promise<void> {}

  acquireConnection(): Promise<DatabaseConnection> {
    if (!this.#held) {
      this.#held = true;
      return Promise.resolve(this.#connection);
    }
    return new Promise((resolve) => this.#waiters.push(() => resolve(this.#connection)));
  }

  async releaseConnection(): Promise<void> {
    const next = this.#waiters.shift();
    if (next) next();
    else this.#held = false;
  }

  // Every transaction of ours writes: taking the write lock at once waits for another writer once (busy_timeout), up
  // front, instead of once per statement of a group commit, and a read can never fail to upgrade to a write.
  async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('commit'));
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('rollback'));
  }

  async savepoint(connection: DatabaseConnection, name: string): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw(`savepoint ${quoteName(name)}`));
  }

  async rollbackToSavepoint(connection: DatabaseConnection, name: string): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw(`rollback to ${quoteName(name)}`));
  }

  async releaseSavepoint(connection: DatabaseConnection, name: string): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw(`release ${quoteName(name)}`));
  }

  async destroy(): Promise<void> {
    this.#connection.close();
  }
}

function quoteName(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/** Runs compiled queries on better-sqlite3, preparing each distinct SQL text once. */
class CachedStatementConnection implements DatabaseConnection {
  readonly #database: SqliteDatabase;
  readonly #statements = new BoundedMap<string, Statement>(MAX_CACHED_SQL_CHARACTERS, (sql) => sql.length);

  constructor(database: SqliteDatabase) {
    this.#database = database;
  }

  async executeQuery<R>(compiledQuery: CompiledQuery): Promise<QueryResult<R>> {
    const statement = this.#statement(compiledQuery.sql);
    const parameters = compiledQuery.parameters as unknown[];
    if (statement.reader) return { rows: statement.all(parameters) as R[] };
    const { changes, lastInsertRowid } = statement.run(parameters);
    return { numAffectedRows: BigInt(changes), insertId: BigInt(lastInsertRowid), rows: [] };
  }

  async *streamQuery<R>(compiledQuery: CompiledQuery): AsyncIterableIterator<QueryResult<R>> {
    // An iterating statement is busy until the loop ends: a fresh one leaves the cached one free meanwhile.
    const statement = this.#database.prepare(compiledQuery.sql);
    if (!statement.reader) throw new Error('only a query that returns rows can be streamed');
    for (const row of statement.iterate(compiledQuery.parameters as unknown[])) yield { rows: [row as R] };
  }

  close(): void {
    this.#statements.clear();
    this.#database.close();
  }

  #statement(sql: string): Statement {
    const cached = this.#statements.get(sql);
    if (cached) return cached;
    const statement = this.#database.prepare(sql);
    this.#statements.set(sql, statement);
    return statement;
  }
}
