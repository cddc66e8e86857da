// The messages table as a durable outbox: claiming due rows under a lease, and moving them to transferred or final.
import type { Kysely, NotNull, Transaction } from 'kysely';
import { DeliveryError, MessageStatus, isFinal, isRefunded } from '../wire/statuses.ts';
import type { Store } from './database.ts';
import type { Database, Message } from './schema.ts';

type Db = Kysely<Database> | Transaction<Database>;

/** A claimed message: what the dispatcher needs to hand it to a connector. */
export type ClaimedMessage = Pick<Message, 'int_id' | 'phone' | 'kind' | 'sender' | 'subject' | 'body' | 'due_at' | 'attempts'>;

/** Where a final status goes: the message a carrier knows by its id, or one message by int_id. */
export type FinalTarget = { connector: string; carrierId: string } | { intId: number };

/** Rows per ledger INSERT: keeps bound parameters under SQLite's and PostgreSQL's limits. */
const INSERT_CHUNK_ROWS = 500;

const NOT_FINAL = [MessageStatus.Waiting, MessageStatus.Transferred];

/** The one statement claimDue runs; exported so its SQL can be pinned per dialect. */
export function claimDueQuery(store: Store, options: { now: number; leaseMs: number; limit: number }) {
  const { now, leaseMs, limit } = options;
  const due = store.db
    .selectFrom('messages')
    .select('int_id')
    .where('status', '=', MessageStatus.Waiting)
    .where('due_at', '<=', now)
    .where('expires_at', '>', now)
    .where((eb) => eb.or([eb('lease_until', 'is', null), eb('lease_until', '<', now)]))
    .orderBy('due_at')
    .orderBy('int_id')
    .limit(limit)
    // Several dispatchers on one PostgreSQL each take different rows instead of queueing on the same ones.
    .$if(store.dialect === 'postgres', (qb) => qb.forUpdate().skipLocked());
  return store.db
    .updateTable('messages')
    .set((eb) => ({ lease_until: now + leaseMs, attempts: eb('attempts', '+', 1) }))
    .where('int_id', 'in', due)
    .returning(['int_id', 'phone', 'kind', 'sender', 'subject', 'body', 'due_at', 'attempts']);
}

/** Leases up to `limit` due, unexpired, unleased waiting messages for `leaseMs`; oldest due first. */
export async function claimDue(store: Store, options: { now: number; leaseMs: number; limit: number }): Promise<ClaimedMessage[]> {
  const rows = await claimDueQuery(store, options).execute();
  // RETURNING keeps no order.
  return rows.sort((a, b) => a.due_at - b.due_at || a.int_id - b.int_id);
}

/** Records that `connector` took a waiting message as `carrierId` (status 0); false when it was no longer waiting. */
export async function markTransferred(store: Store, intId: number, transfer: { connector: string; carrierId: string; now: number }): Promise<boolean> {
  const result = await store.db
    .updateTable('messages')
    .set({ status: MessageStatus.Transferred, connector: transfer.connector, carrier_id: transfer.carrierId, status_at: transfer.now, lease_until: null })
    .where('int_id', '=', intId)
    .where('status', '=', MessageStatus.Waiting)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/**
 * After a temporary failure: keeps the message leased until `retryAt`, when claimDue may take it again.
 * The caller picks the backoff; `retryAt` = now releases it at once.
 */
export async function releaseLease(store: Store, intId: number, retryAt: number): Promise<void> {
  await store.db
    .updateTable('messages')
    .set({ lease_until: retryAt })
    .where('int_id', '=', intId)
    .where('status', '=', MessageStatus.Waiting)
    .execute();
}

/**
 * Gives a not-yet-final message its final status and, for failures, refunds its hold in the same transaction.
 * False when no such message is waiting or transferred: a duplicate or unknown receipt changes nothing.
 */
export async function applyFinal(store: Store, target: FinalTarget, final: { status: number; err: number; now: number }): Promise<boolean> {
  const { status, err, now } = final;
  if (!isFinal(status)) throw new Error(`applyFinal called with non-final status ${status}`);
  return store.db.transaction().execute(async (trx) => {
    const changed = await trx
      .updateTable('messages')
      .set({ status, err, status_at: now, lease_until: null })
      .$call((qb) =>
        'intId' in target
          ? qb.where('int_id', '=', target.intId)
          : qb.where('connector', '=', target.connector).where('carrier_id', '=', target.carrierId),
      )
      // The guard against a second refund: only the first final status changes the row.
      .where('status', 'in', NOT_FINAL)
      .returning(['int_id', 'account_id', 'cost_minor'])
      .execute();
    if (isRefunded(status)) await refundHolds(trx, changed, now);
    return changed.length > 0;
  });
}

/** Expires up to `limit` messages whose validity ended while waiting (unleased) or transferred: 3/245, refunded. */
export async function expireOverdue(store: Store, now: number, limit: number): Promise<number> {
  return store.db.transaction().execute(async (trx) => {
    const overdue = trx
      .selectFrom('messages')
      .select('int_id')
      .where('expires_at', '<=', now)
      .where((eb) =>
        eb.or([
          eb('status', '=', MessageStatus.Transferred),
          // A leased waiting message may be in a connector's hands right now; it expires once its lease ends.
          eb.and([eb('status', '=', MessageStatus.Waiting), eb.or([eb('lease_until', 'is', null), eb('lease_until', '<', now)])]),
        ]),
      )
      .orderBy('expires_at')
      .limit(limit)
      .$if(store.dialect === 'postgres', (qb) => qb.forUpdate().skipLocked());
    const expired = await trx
      .updateTable('messages')
      .set({ status: MessageStatus.Expired, err: DeliveryError.StatusNotReceived, status_at: now, lease_until: null })
      .where('int_id', 'in', overdue)
      .where('status', 'in', NOT_FINAL)
      .returning(['int_id', 'account_id', 'cost_minor'])
      .execute();
    await refundHolds(trx, expired, now);
    return expired.length;
  });
}

/** The messages `connector` took that still wait for a receipt (status 0). */
export async function listInFlight(store: Store, connector: string): Promise<Array<{ carrierId: string; address: string }>> {
  const rows = await store.db
    .selectFrom('messages')
    .select(['carrier_id', 'phone'])
    .where('status', '=', MessageStatus.Transferred)
    .where('connector', '=', connector)
    .where('carrier_id', 'is not', null)
    .$narrowType<{ carrier_id: NotNull }>()
    .execute();
  return rows.map((row) => ({ carrierId: row.carrier_id, address: row.phone }));
}

/** Credits each message's cost back to its account and records one 'refund' ledger entry per message. */
async function refundHolds(db: Db, messages: Array<{ int_id: number; account_id: number; cost_minor: number }>, now: number): Promise<void> {
  const charged = messages.filter((m) => m.cost_minor > 0);
  const perAccount = new Map<number, number>();
  for (const m of charged) perAccount.set(m.account_id, (perAccount.get(m.account_id) ?? 0) + m.cost_minor);
  // A fixed order of account row locks, so two concurrent refunds on PostgreSQL cannot deadlock.
  for (const [accountId, amount] of [...perAccount].sort((a, b) => a[0] - b[0])) {
    await db
      .updateTable('accounts')
      .set((eb) => ({ balance_minor: eb('balance_minor', '+', amount) }))
      .where('id', '=', accountId)
      .execute();
  }
  for (let i = 0; i < charged.length; i += INSERT_CHUNK_ROWS) {
    const rows = charged.slice(i, i + INSERT_CHUNK_ROWS);
    await db
      .insertInto('ledger')
      .values(rows.map((m) => ({ account_id: m.account_id, kind: 'refund' as const, amount_minor: m.cost_minor, int_id: m.int_id, created_at: now })))
      .execute();
  }
}
