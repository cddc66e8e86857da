// The ledger: append-only entries, one for every balance change, written in the transaction of the change.
import type { Kysely, Transaction } from 'kysely';
import type { Database, NewLedgerEntry } from './schema.ts';
import { chunks } from './chunks.ts';

type Db = Kysely<Database> | Transaction<Database>;

/** Appends entries; call it inside the transaction that changes the balance they record. */
export async function appendLedger(db: Db, entries: readonly NewLedgerEntry[]): Promise<void> {
  for (const rows of chunks(entries)) await db.insertInto('ledger').values(rows).execute();
}
