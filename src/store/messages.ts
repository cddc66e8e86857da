// Message rows and balance holds for submission, status lookups and deletion of queued messages.
import type { Kysely, Transaction } from 'kysely';
import { BoundedMap } from '../bounded-map.ts';
import type { Database, Message, NewMessage } from './schema.ts';
import type { Store } from './database.ts';
import { chunks } from './chunks.ts';
import { appendLedger } from './ledger.ts';
import { preparedQuery, type PreparedQuery, type SlotOf } from './prepared-query.ts';
import { writeOp } from './write-op.ts';

type Db = Kysely<Database> | Transaction<Database>;

type MessageInsert = PreparedQuery<{ rows: readonly NewMessage[] }, { int_id: number }>;

/**
 * Prepared inserts by shape (row count and column list), weighed by their bound parameters. Each costs about 140
 * bytes, and a 500-row shape has 10,000, so an odd mix of batch sizes cannot grow memory past 3 MB; a shape compiled
 * again costs about 3 µs a row.
 */
const insertsByShape = new BoundedMap<string, { insert: MessageInsert; parameters: number }>(20_000, (_shape, kept) => kept.parameters);

/** The insert of `count` rows naming `columns`, each value read from the row at its position. */
function insertOf(columns: ReadonlyArray<keyof NewMessage>, count: number): MessageInsert {
  const shape = `${count}:${columns.join(',')}`;
  let kept = insertsByShape.get(shape);
  if (!kept) {
    const insert: MessageInsert = preparedQuery((db, slot) => {
      const row = (i: number) => Object.fromEntries(columns.map((column) => [column, slot(({ rows }) => rows[i]![column] ?? null)]));
      return db.insertInto('messages').values(Array.from({ length: count }, (_, i) => row(i) as NewMessage)).returning('int_id');
    });
    kept = { insert, parameters: count * columns.length };
  }
  // Set again when used: the shapes a workload keeps using are the last to go.
  insertsByShape.set(shape, kept);
  return kept.insert;
}

/** Inserts message rows in chunks; every row names the columns of the first. Returns the int_id of each, in order. */
export async function insertMessages(db: Db, rows: NewMessage[]): Promise<number[]> {
  if (rows.length === 0) return [];
  const columns = Object.keys(rows[0]!) as Array<keyof NewMessage>;
  const ids: number[] = [];
  for (const chunk of chunks(rows)) {
    const inserted = await insertOf(columns, chunk.length).run(db, { rows: chunk });
    for (const row of inserted.rows) ids.push(row.int_id);
  }
  return ids;
}

const allocateId = preparedQuery((db, slot: SlotOf<{ accountId: number }>) =>
  db
    .updateTable('accounts')
    .set((eb) => ({ next_msg_id: eb('next_msg_id', '+', 1) }))
    .where('id', '=', slot((a) => a.accountId))
    .returning('next_msg_id'),
);

/** Takes the account's next server-assigned message id. */
export async function allocateMessageId(db: Db, accountId: number): Promise<number> {
  const { rows } = await allocateId.run(db, { accountId });
  if (!rows[0]) throw new Error(`account ${accountId} does not exist`);
  return rows[0].next_msg_id - 1;
}

/** What a hold pays for: the submission's id and how many of its messages are charged. */
export interface HoldFor {
  /** The client's id; undefined = take the account's next one in the same statement. */
  msgId: string | undefined;
  messages: number;
}

/** A hold that was made: the submission's id and the balance after it. */
export interface Hold {
  msgId: string;
  balanceMinor: number;
}

/** One statement for the usual send: the id (unless the client chose one) and the debit, only when the balance covers it. */
export const debitQuery = preparedQuery((db, slot: SlotOf<{ accountId: number; amountMinor: number; idStep: number }>) =>
  db
    .updateTable('accounts')
    .set((eb) => ({
      next_msg_id: eb('next_msg_id', '+', slot((a) => a.idStep)),
      balance_minor: eb('balance_minor', '-', slot((a) => a.amountMinor)),
    }))
    .where('id', '=', slot((a) => a.accountId))
    .where('balance_minor', '>=', slot((a) => a.amountMinor))
    .returning(['next_msg_id', 'balance_minor']),
);

/**
 * Debits `amountMinor` when the balance covers it, taking the account's next message id too when the client gave
 * none, and records the hold in the ledger; undefined (nothing taken) when the balance does not cover it.
 */
export async function holdFunds(db: Db, accountId: number, amountMinor: number, holdFor: HoldFor, now: number): Promise<Hold | undefined> {
  const { rows } = await debitQuery.run(db, { accountId, amountMinor, idStep: holdFor.msgId === undefined ? 1 : 0 });
  const row = rows[0];
  if (!row) return undefined;
  const msgId = holdFor.msgId ?? String(row.next_msg_id - 1);
  if (amountMinor > 0) {
    await appendLedger(db, [
      { account_id: accountId, kind: 'hold', amount_minor: -amountMinor, int_id: null, msg_id: msgId, messages: holdFor.messages, created_at: now },
    ]);
  }
  return { msgId, balanceMinor: row.balance_minor };
}

/** A send to store: its rows, what it costs, and whether it was refused before any charge. */
export interface Submission {
  accountId: number;
  /** The client's id; undefined = take the account's next one. */
  clientId: string | undefined;
  /** Refused before charging (a bad sender, no deliverable recipient): only its id is taken, nothing is stored. */
  refused: boolean;
  costMinor: number;
  /** Recipients charged: the hold's `messages`. */
  charged: number;
  now: number;
  /** Every row of the send; their msg_id is set to the submission's id. */
  rows: NewMessage[];
}

/** The submission's id, and the balance after its hold, or why nothing was stored. */
export type SubmissionResult = { msgId: string; balanceMinor: number } | { msgId: string; refused: true } | { msgId: string; noMoney: true };

/** Stores a send: its id, the hold and its ledger entry, and its rows; or only the id, when refused or not covered. */
export const submitOp = writeOp('submit', async (trx, submission: Submission): Promise<SubmissionResult> => {
  const { accountId, clientId, costMinor, now, rows } = submission;
  // The id is allocated (and kept) even when the send then fails: errors 3, 6, 7 report it (spec §3.3).
  const takeId = async () => clientId ?? String(await allocateMessageId(trx, accountId));
  if (submission.refused) return { msgId: await takeId(), refused: true };
  const hold = await holdFunds(trx, accountId, costMinor, { msgId: clientId, messages: submission.charged }, now);
  if (!hold) return { msgId: await takeId(), noMoney: true };
  for (const row of rows) row.msg_id = hold.msgId;
  await insertMessages(trx, rows);
  return { msgId: hold.msgId, balanceMinor: hold.balanceMinor };
});

/** The account's current balance in minor units. */
export async function balanceOf(db: Db, accountId: number): Promise<number> {
  const row = await db.selectFrom('accounts').select('balance_minor').where('id', '=', accountId).executeTakeFirstOrThrow();
  return row.balance_minor;
}

/** The newest message of an account with this id and address, if any. */
export async function findMessage(store: Store, accountId: number, msgId: string, address: string): Promise<Message | undefined> {
  return store.db
    .selectFrom('messages')
    .selectAll()
    .where('account_id', '=', accountId)
    .where('msg_id', '=', msgId)
    .where('phone', '=', address)
    .orderBy('int_id', 'desc')
    .limit(1)
    .executeTakeFirst();
}

/** Deletes a waiting message no dispatcher holds, refunding its hold in one transaction; false when it cannot. */
export async function deleteQueued(store: Store, accountId: number, intId: number, now: number): Promise<boolean> {
  return store.write(deleteQueuedOp, { accountId, intId, now });
}

export const deleteQueuedOp = writeOp('delete queued', async (trx, { accountId, intId, now }: { accountId: number; intId: number; now: number }) => {
  const deleted = await trx
    .deleteFrom('messages')
    .where('int_id', '=', intId)
    .where('account_id', '=', accountId)
    .where('status', '=', -1)
    // A leased message may be in a connector's hands right now: too late to delete it.
    .where((eb) => eb.or([eb('lease_until', 'is', null), eb('lease_until', '<', now)]))
    .returning('cost_minor')
    .executeTakeFirst();
  if (!deleted) return false;
  if (deleted.cost_minor > 0) {
    await trx
      .updateTable('accounts')
      .set((eb) => ({ balance_minor: eb('balance_minor', '+', deleted.cost_minor) }))
      .where('id', '=', accountId)
      .execute();
    await appendLedger(trx, [{ account_id: accountId, kind: 'refund', amount_minor: deleted.cost_minor, int_id: intId, messages: -1, created_at: now }]);
  }
  return true;
});
