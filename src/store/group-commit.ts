// Group commit: the writes queued while one transaction commits share the next transaction, so many concurrent
// requests cost one commit (one fsync) between them. Each write still succeeds or fails on its own, and its caller
// hears of it only after the shared commit. There are no savepoints (two more statements, two more round trips to
// PostgreSQL, per write): when a write fails on its own data, the group is rolled back and the others run again.
import type { Kysely, Transaction } from 'kysely';
import type { Database } from './schema.ts';

/**
 * A unit of writing: every statement of it goes through `trx`, never through the store's own connection. It may run
 * more than once (again, when a write of its group failed), so it has no effect outside the transaction.
 */
export type Write<T> = (trx: Transaction<Database>) => Promise<T>;

interface Queued {
  write: Write<unknown>;
  resolve(value: unknown): void;
  reject(error: unknown): void;
}

/** How many writes one transaction takes at most: a longer one keeps readers from the connection longer. */
const MAX_GROUP = 200;

/** Runs writes in shared transactions, in the order they were queued, one transaction at a time. */
export class GroupCommit {
  /** Transactions committed (or failed) and the writes they carried: their ratio is the mean group size. */
  readonly stats = { groups: 0, writes: 0 };
  readonly #db: Kysely<Database>;
  readonly #maxGroup: number;
  readonly #queue: Queued[] = [];
  #running: Promise<void> | undefined;

  constructor(db: Kysely<Database>, maxGroup: number = MAX_GROUP) {
    this.#db = db;
    this.#maxGroup = maxGroup;
  }

  /** Runs `write` in the next group; resolves with its result once that group has committed. */
  run<T>(write: Write<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.#queue.push({ write, resolve: resolve as (value: unknown) => void, reject });
      this.#running ??= this.#commitAll();
    });
  }

  /** Resolves once every write queued so far has been committed or has failed. */
  async drain(): Promise<void> {
    while (this.#running) await this.#running;
  }

  async #commitAll(): Promise<void> {
    while (this.#queue.length > 0) {
      // One turn of the event loop first: the requests read from sockets in this turn join the group, and
      // between groups sockets and timers get their turn (better-sqlite3 commits synchronously).
      await new Promise((resolve) => setImmediate(resolve));
      const group = this.#queue.splice(0, this.#maxGroup);
      await this.#commitGroup(group);
      this.stats.groups += 1;
      this.stats.writes += group.length;
    }
    this.#running = undefined;
  }

  async #commitGroup(group: Queued[]): Promise<void> {
    let failed: { index: number; error: unknown } | undefined;
    let values: unknown[];
    try {
      values = await this.#db.transaction().execute(async (trx) => {
        const done: unknown[] = [];
        for (const [index, { write }] of group.entries()) {
          try {
            done.push(await write(trx));
          } catch (error) {
            failed = { index, error };
            throw error;
          }
        }
        return done;
      });
    } catch (error) {
      if (failed && isOwnFailure(failed.error)) {
        // The write failed on its own data: it alone is refused, and the rest of its group goes again, first in line.
        const { index } = failed;
        group[index]!.reject(failed.error);
        this.#queue.unshift(...group.filter((_, i) => i !== index));
      } else {
        // The database failed (busy past its timeout, disk full, connection lost, the commit itself): every write with it.
        for (const queued of group) queued.reject(error);
      }
      return;
    }
    group.forEach((queued, i) => queued.resolve(values[i]));
  }
}

/**
 * True when a write failed because of what it wrote, not because the database could not write: a constraint or a
 * value the database refused (SQLite SQLITE_CONSTRAINT…, SQLITE_MISMATCH, SQLITE_TOOBIG, SQLITE_RANGE; PostgreSQL
 * SQLSTATE classes 22 and 23), or an error of the write's own logic, which carries no database code.
 */
function isOwnFailure(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code !== 'string') return true;
  return /^SQLITE_(CONSTRAINT|MISMATCH|TOOBIG|RANGE)/.test(code) || /^2[23][0-9A-Z]{3}$/.test(code);
}
