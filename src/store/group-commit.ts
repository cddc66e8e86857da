// Group commit: the writes queued while one transaction commits share the next transaction, so many concurrent
// requests cost one commit (one fsync) between them. Each write still succeeds or fails on its own, inside a
// savepoint, and its caller hears of it only after the shared commit.
import { CompiledQuery, type Kysely, type Transaction } from 'kysely';
import type { Database } from './schema.ts';

/** A unit of writing: every statement of it goes through `trx`, never through the store's own connection. */
export type Write<T> = (trx: Transaction<Database>) => Promise<T>;

interface Queued {
  write: Write<unknown>;
  resolve(value: unknown): void;
  reject(error: unknown): void;
}

type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown };

/** How many writes one transaction takes at most: a longer one keeps readers from the connection longer. */
const MAX_GROUP = 200;

/** Runs writes in shared transactions, in the order they were queued, one transaction at a time. */
export class GroupCommit {
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
    }
    this.#running = undefined;
  }

  async #commitGroup(group: Queued[]): Promise<void> {
    let outcomes: Outcome[];
    try {
      outcomes = await this.#db.transaction().execute(async (trx) => {
        const done: Outcome[] = [];
        for (const { write } of group) done.push(await runInSavepoint(trx, write));
        return done;
      });
    } catch (error) {
      // The commit itself failed (or the transaction could not start): nothing of the group was written.
      for (const queued of group) queued.reject(error);
      return;
    }
    group.forEach((queued, i) => {
      const outcome = outcomes[i]!;
      if (outcome.ok) queued.resolve(outcome.value);
      else queued.reject(outcome.error);
    });
  }
}

// Compiled once: they run around every write.
const SAVEPOINT = CompiledQuery.raw('savepoint one_write');
const RELEASE = CompiledQuery.raw('release one_write');
const ROLLBACK_TO = CompiledQuery.raw('rollback to one_write');

/** Runs one write so that its failure undoes only its own statements. */
async function runInSavepoint(trx: Transaction<Database>, write: Write<unknown>): Promise<Outcome> {
  await trx.executeQuery(SAVEPOINT);
  try {
    const value = await write(trx);
    await trx.executeQuery(RELEASE);
    return { ok: true, value };
  } catch (error) {
    await trx.executeQuery(ROLLBACK_TO);
    await trx.executeQuery(RELEASE);
    return { ok: false, error };
  }
}
