// Message rows and balance holds for submission, status lookups and deletion of queued messages.
import type { Kysely, Transaction } from 'kysely';
import type { Database, Message, NewMessage } from './schema.ts';
import type { Store } from './database.ts';
import { chunks } from './chunks.ts';
import { appendLedger } from './ledger.ts';

type Db = Kysely<Database> | Transaction<Database>;

/** Inserts message rows in chunks; returns the int_id of each, in order. */
export async function insertMessages(db: Db, rows: NewMessage[]): Promise<number[]> {
  const ids: number[] = [];
  for (const chunk of chunks(rows)) {
    const inserted = await db.insertInto('messages').values(chunk).returning('int_id').execute();
    ids.push(...inserted.map((r) => r.int_id));
  }
  return ids;
}

/** Takes the account's next server-assigned message id. */
export async function allocateMessageId(db: Db, accountId: number): Promise<number> {
  const row = await db
    .updateTable('accounts')
    .set((eb) => ({ next_msg_id: eb('next_msg_id', '+', 1) }))
    .where('id', '=', accountId)
    .returning('next_msg_id')
    .executeTakeFirstOrThrow();
  return row.next_msg_id - 1;
}

/** What a hold pays for: the submission's id and how many of its messages are charged. */
export interface HoldFor {
  msgId: string;
  messages: number;
}

/** Debits `amountMinor` when the balance covers it; returns the new balance, or undefined when it does not. */
export async function holdFunds(db: Db, accountId: number, amountMinor: number, holdFor: HoldFor, now: number): Promise<number | undefined> {
  const row = await db
    .updateTable('accounts')
    .set((eb) => ({ balance_minor: eb('balance_minor', '-', amountMinor) }))
    .where('id', '=', accountId)
    .where('balance_minor', '>=', amountMinor)
    .returning('balance_minor')
    .executeTakeFirst();
  if (!row) return undefined;
  if (amountMinor > 0) {
    await appendLedger(db, [
      { account_id: accountId, kind: 'hold', amount_minor: -amountMinor, int_id: null, msg_id: holdFor.msgId, messages: holdFor.messages, created_at: now },
    ]);
  }
  return row.balance_minor;
}

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
  return store.db.transaction().execute(async (trx) => {
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
}
