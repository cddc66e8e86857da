// Hot queries built with kysely once per dialect, then run as compiled SQL with new values in the same slots.
//
// Building and compiling a query through kysely costs more than SQLite takes to run it (bench/README.md, the accept
// profile); the statements a message goes through on its way in and out are the same text every time.
import { CompiledQuery, PostgresAdapter, type Compilable, type DialectAdapter, type Kysely, type QueryResult, type Transaction } from 'kysely';
import type { Database } from './schema.ts';
import type { Dialect } from './database.ts';

type Db = Kysely<Database> | Transaction<Database>;

/** Where a value from the arguments goes: compiled as a parameter like any value, read from the arguments at each run. */
class Slot<A> {
  constructor(readonly read: (args: A) => unknown) {}
}

/** Marks where the value `read` takes from the arguments goes; typed as that value, so the builder type-checks as usual. */
export type SlotOf<A> = <V>(read: (args: A) => V) => V;

/** How a query is built: plain kysely, with `slot((args) => …)` wherever a value from the arguments goes. */
export type QueryBuilder<A, R> = (db: Db, slot: SlotOf<A>, dialect: Dialect) => Compilable<R>;

interface Compiled {
  sql: string;
  /** The compiled parameters: constants as they are, slots to fill. */
  parameters: unknown[];
}

/** A query compiled on first use per dialect; `run` executes it on `db` (a store's database or a transaction). */
export interface PreparedQuery<A, R> {
  run(db: Db, args: A): Promise<QueryResult<R>>;
  /** The compiled SQL for `db`'s dialect, for tests and queries.sql. */
  sqlFor(db: Db): string;
}

/** Prepares `build` for reuse: the SQL text is compiled once per dialect, and only the values change per run. */
export function preparedQuery<A extends object, R>(build: QueryBuilder<A, R>): PreparedQuery<A, R> {
  const byAdapter = new WeakMap<DialectAdapter, Compiled>();
  const compiledFor = (db: Db): Compiled => {
    const adapter = db.getExecutor().adapter;
    let compiled = byAdapter.get(adapter);
    if (!compiled) {
      const dialect: Dialect = adapter instanceof PostgresAdapter ? 'postgres' : 'sqlite';
      const slot = (<V>(read: (args: A) => V) => new Slot(read) as unknown as V) as SlotOf<A>;
      const query = build(db, slot, dialect).compile();
      compiled = { sql: query.sql, parameters: [...query.parameters] };
      byAdapter.set(adapter, compiled);
    }
    return compiled;
  };
  return {
    run(db, args) {
      const { sql, parameters } = compiledFor(db);
      const values = parameters.map((p) => (p instanceof Slot ? (p as Slot<A>).read(args) : p));
      return db.executeQuery<R>(CompiledQuery.raw(sql, values));
    },
    sqlFor: (db) => compiledFor(db).sql,
  };
}
