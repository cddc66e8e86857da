// A hot write as a named function of a transaction and plain arguments, so it can run in this thread or the write thread.
import type { Transaction } from 'kysely';
import type { Database } from './schema.ts';
import type { Dialect } from './database.ts';

/**
 * One unit of writing: every statement goes through `trx`. Its arguments and result are plain data (they may cross
 * to the write thread and back, src/store/write-thread.ts), and it has no effect outside the transaction.
 */
export interface WriteOp<A, R> {
  /** Unique among the ops of src/store/write-ops.ts, which the write thread looks them up in. */
  readonly name: string;
  run(trx: Transaction<Database>, args: A, dialect: Dialect): Promise<R>;
}

/** Declares a write op; register it in src/store/write-ops.ts. */
export function writeOp<A, R>(name: string, run: WriteOp<A, R>['run']): WriteOp<A, R> {
  return { name, run };
}
