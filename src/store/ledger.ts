// The ledger: append-only entries, one for every balance change, written in the transaction of the change.
import type { Kysely, Transaction } from 'kysely';
import type { Database, LedgerTable, NewLedgerEntry } from './schema.ts';
import { chunks } from './chunks.ts';
import { preparedQuery, type SlotOf } from './prepared-query.ts';

type Db = Kysely<Database> | Transaction<Database>;

/** What a ledger entry records: 'topup' (+), 'adjust' (±), 'hold' (−) or 'refund' (+). */
export type LedgerKind = LedgerTable['kind'];

/** The entries of one account created in [from, to), Unix ms. */
export interface LedgerPeriod {
  accountId: number;
  from: number;
  to: number;
}

/** One account's entries over a period: amounts summed per kind (minor units), and messages paid for. */
export interface LedgerSums {
  amountMinor: Record<LedgerKind, number>;
  /** Sum of `messages`: recipients charged by holds, less one per refund. */
  messages: number;
}

// The one entry of a send's hold, the usual case, as a prepared statement.
const appendOne = preparedQuery((db, slot: SlotOf<NewLedgerEntry>) =>
  db.insertInto('ledger').values({
    account_id: slot((e) => e.account_id),
    kind: slot((e) => e.kind),
    amount_minor: slot((e) => e.amount_minor),
    int_id: slot((e) => e.int_id ?? null),
    msg_id: slot((e) => e.msg_id ?? null),
    messages: slot((e) => e.messages ?? 0),
    created_at: slot((e) => e.created_at),
  }),
);

/** Appends entries; call it inside the transaction that changes the balance they record. */
export async function appendLedger(db: Db, entries: readonly NewLedgerEntry[]): Promise<void> {
  if (entries.length === 1) {
    await appendOne.run(db, entries[0]!);
    return;
  }
  // Every row names `messages`: SQLite cannot write DEFAULT inside a multi-row VALUES list, so kysely would send NULL.
  for (const rows of chunks(entries)) await db.insertInto('ledger').values(rows.map((row) => ({ messages: 0, ...row }))).execute();
}

/** The one statement sumLedger runs, a range over ledger_by_time; exported so its SQL can be pinned per dialect. */
export function ledgerSumsQuery(db: Db, period: LedgerPeriod) {
  return (
    db
      .selectFrom('ledger')
      // PostgreSQL sums a bigint as numeric, which its driver returns as a string; the cast keeps it a number.
      .select((eb) => [
        'kind',
        eb.cast<number>(eb.fn.sum('amount_minor'), 'bigint').as('amount_minor'),
        eb.cast<number>(eb.fn.sum('messages'), 'bigint').as('messages'),
      ])
      .where('account_id', '=', period.accountId)
      .where('created_at', '>=', period.from)
      .where('created_at', '<', period.to)
      .groupBy('kind')
  );
}

/** Sums one account's entries over a period; a kind without entries sums to 0. */
export async function sumLedger(db: Db, period: LedgerPeriod): Promise<LedgerSums> {
  const amountMinor: Record<LedgerKind, number> = { topup: 0, adjust: 0, hold: 0, refund: 0 };
  let messages = 0;
  for (const row of await ledgerSumsQuery(db, period).execute()) {
    amountMinor[row.kind] = row.amount_minor;
    messages += row.messages;
  }
  return { amountMinor, messages };
}
