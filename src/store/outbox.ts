// The messages table as a durable outbox: claims under a lease, transfers as parts, final statuses without a receipt, expiry.
import { DeliveryError, MessageStatus, isFinal } from '../wire/statuses.ts';
import { sql, type Kysely } from 'kysely';
import type { Dialect, Store } from './database.ts';
import { NOT_FINAL, finish, refundHolds, type FinalUpdate } from './final-status.ts';
import { settlePart, tellFinal, type SettleListener, type SettledPart } from './receipts.ts';
import type { Database, Message, OrphanReceipt } from './schema.ts';
import { preparedQuery, type SlotOf } from './prepared-query.ts';
import { writeOp } from './write-op.ts';

// The conditions of the partial indexes messages_outbox (status -1) and messages_expiry (status -1 or 0), migration
// 0006, as SQL literals: only a literal condition lets SQLite and PostgreSQL use a partial index.
const WAITING = sql.lit(MessageStatus.Waiting);
const UNFINISHED = [sql.lit(MessageStatus.Waiting), sql.lit(MessageStatus.Transferred)];

/** A claimed message: what the dispatcher needs to route it and hand it to a connector. */
export type ClaimedMessage = Pick<
  Message,
  'int_id' | 'phone' | 'kind' | 'sender' | 'subject' | 'body' | 'due_at' | 'expires_at' | 'attempts' | 'mccmnc'
>;

/** What claimDue takes: the time, how long the lease lasts, and at most how many. */
export interface Claim {
  now: number;
  leaseMs: number;
  limit: number;
}

/** The one statement claimDue runs; exported so its SQL can be pinned per dialect. */
export function claimDueQuery(db: Kysely<Database>, dialect: Dialect, options: Claim) {
  const { now, leaseMs, limit } = options;
  const due = db
    .selectFrom('messages')
    .select('int_id')
    .where('status', '=', WAITING)
    .where('due_at', '<=', now)
    .where('expires_at', '>', now)
    .where((eb) => eb.or([eb('lease_until', 'is', null), eb('lease_until', '<', now)]))
    .orderBy('due_at')
    .orderBy('int_id')
    .limit(limit)
    // Several dispatchers on one PostgreSQL each take different rows instead of queueing on the same ones.
    .$if(dialect === 'postgres', (qb) => qb.forUpdate().skipLocked());
  return db
    .updateTable('messages')
    .set((eb) => ({ lease_until: now + leaseMs, attempts: eb('attempts', '+', 1) }))
    .where('int_id', 'in', due)
    .returning(['int_id', 'phone', 'kind', 'sender', 'subject', 'body', 'due_at', 'expires_at', 'attempts', 'mccmnc']);
}

export const claimOp = writeOp('claim', (trx, claim: Claim, dialect): Promise<ClaimedMessage[]> => claimDueQuery(trx, dialect, claim).execute());

/** Leases up to `limit` due, unexpired, unleased waiting messages for `leaseMs`; oldest due first. */
export async function claimDue(store: Store, claim: Claim): Promise<ClaimedMessage[]> {
  const rows = await store.write(claimOp, claim);
  // RETURNING keeps no order.
  return rows.sort((a, b) => a.due_at - b.due_at || a.int_id - b.int_id);
}

/** A waiting message taken by a connector; exported so its SQL can be pinned per dialect. */
export const takeMessageQuery = preparedQuery((db, slot: SlotOf<{ intId: number; connector: string; carrierId: string; now: number }>) =>
  db
    .updateTable('messages')
    .set({ status: MessageStatus.Transferred, connector: slot((a) => a.connector), carrier_id: slot((a) => a.carrierId), status_at: slot((a) => a.now), lease_until: null })
    .where('int_id', '=', slot((a) => a.intId))
    .where('status', '=', MessageStatus.Waiting),
);

const insertPart = preparedQuery((db, slot: SlotOf<{ connector: string; carrierId: string; intId: number; part: number; now: number }>) =>
  db.insertInto('message_parts').values({
    connector: slot((a) => a.connector),
    carrier_id: slot((a) => a.carrierId),
    int_id: slot((a) => a.intId),
    part: slot((a) => a.part),
    transferred_at: slot((a) => a.now),
  }),
);

type HeldReceipt = Pick<OrphanReceipt, 'id' | 'carrier_id' | 'status' | 'err'>;

const heldReceipts = preparedQuery((db, slot: SlotOf<{ connector: string; carrierId: string }>) =>
  db
    .selectFrom('orphan_receipts')
    .select(['id', 'carrier_id', 'status', 'err'])
    .where('connector', '=', slot((a) => a.connector))
    .where('carrier_id', '=', slot((a) => a.carrierId))
    .orderBy('id'),
);

/** A connector took a message as parts with these carrier ids, at `now`. */
interface Transfer {
  intId: number;
  connector: string;
  carrierIds: string[];
  now: number;
}

export const transferOp = writeOp('transfer', async (trx, transfer: Transfer, dialect): Promise<{ transferred: boolean; settled: SettledPart[] }> => {
  const { intId, connector, carrierIds, now } = transfer;
  const changed = await takeMessageQuery.run(trx, { intId, connector, carrierId: carrierIds[0]!, now });
  if (changed.numAffectedRows === 0n) return { transferred: false, settled: [] };
  const held: HeldReceipt[] = [];
  for (const [i, carrierId] of carrierIds.entries()) {
    await insertPart.run(trx, { connector, carrierId, intId, part: i + 1, now });
    held.push(...(await heldReceipts.run(trx, { connector, carrierId })).rows);
  }
  const settled: SettledPart[] = [];
  if (held.length === 0) return { transferred: true, settled };
  for (const { carrier_id, status, err } of held) settled.push(await settlePart(trx, dialect, intId, { connector, carrierId: carrier_id, status, err, now }));
  await trx.deleteFrom('orphan_receipts').where('connector', '=', connector).where('carrier_id', 'in', carrierIds).execute();
  return { transferred: true, settled };
});

/**
 * Records that `connector` took a waiting message as parts with `carrierIds` (status -1 → 0), then applies the
 * receipts that arrived for those parts before this; false when the message was no longer waiting.
 */
export async function markTransferred(
  store: Store,
  intId: number,
  connector: string,
  carrierIds: string[],
  now: number,
  listener?: SettleListener,
): Promise<boolean> {
  if (carrierIds.length === 0) throw new Error(`markTransferred called for message ${intId} without carrier ids`);
  const { transferred, settled } = await store.write(transferOp, { intId, connector, carrierIds, now });
  for (const part of settled) tellFinal(listener, connector, part);
  return transferred;
}

/** Messages waiting (-1) or transferred (0), counted over the expiry index, which holds only those two. */
export async function countInStatus(store: Store, status: typeof MessageStatus.Waiting | typeof MessageStatus.Transferred): Promise<number> {
  const row = await store.db
    .selectFrom('messages')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('status', 'in', UNFINISHED)
    .where('status', '=', status)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/**
 * After a temporary failure: keeps the message leased until `retryAt`, when claimDue may take it again.
 * The caller picks the backoff; `retryAt` = now releases it at once.
 */
export async function releaseLease(store: Store, intId: number, retryAt: number): Promise<void> {
  await store.write(releaseOp, { intId, retryAt });
}

export const releaseOp = writeOp('release', async (trx, { intId, retryAt }: { intId: number; retryAt: number }): Promise<void> => {
  await trx.updateTable('messages').set({ lease_until: retryAt }).where('int_id', '=', intId).where('status', '=', MessageStatus.Waiting).execute();
});

/**
 * Gives a not-yet-final message its final status without a receipt (refused or delivered at submit, no route)
 * and, for failures, refunds its hold in the same transaction. False when the message was already final.
 */
export async function applyFinal(store: Store, intId: number, final: FinalUpdate): Promise<boolean> {
  if (!isFinal(final.status)) throw new Error(`applyFinal called with non-final status ${final.status}`);
  return store.write(finalOp, { intId, final });
}

export const finalOp = writeOp('final', (trx, { intId, final }: { intId: number; final: FinalUpdate }) => finish(trx, intId, final));

/** The messages whose validity ended, oldest first; exported so its SQL can be pinned per dialect. */
export function overdueQuery(db: Kysely<Database>, dialect: Dialect, options: { now: number; limit: number }) {
  const { now, limit } = options;
  return db
    .selectFrom('messages')
    .select('int_id')
    .where('status', 'in', UNFINISHED)
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
    .$if(dialect === 'postgres', (qb) => qb.forUpdate().skipLocked());
}

/**
 * Expires up to `limit` messages whose validity ended while waiting (unleased) or transferred: 3/245, refunded.
 * The overdue ids are read first and the update names them: usually there are none and nothing more runs, and an
 * `UPDATE … WHERE int_id IN (subquery) AND status IN (…)` had SQLite scan every unfinished message's index entry.
 */
export async function expireOverdue(store: Store, now: number, limit: number, listener?: SettleListener): Promise<number> {
  const expired = await store.write(expireOp, { now, limit });
  for (const message of expired) listener?.messageFinal(message.connector ?? '', MessageStatus.Expired);
  return expired.length;
}

export const expireOp = writeOp('expire', async (trx, { now, limit }: { now: number; limit: number }, dialect) => {
  const overdue = (await overdueQuery(trx, dialect, { now, limit }).execute()).map((row) => row.int_id);
  if (overdue.length === 0) return [];
  const expired = await trx
    .updateTable('messages')
    .set({ status: MessageStatus.Expired, err: DeliveryError.StatusNotReceived, status_at: now, lease_until: null })
    .where('int_id', 'in', overdue)
    .where('status', 'in', NOT_FINAL)
    .returning(['int_id', 'account_id', 'cost_minor', 'connector'])
    .execute();
  await refundHolds(trx, expired, now);
  return expired;
});

/** The parts `connector` took that still wait for a receipt, of messages still transferred (status 0). */
export async function listInFlight(store: Store, connector: string): Promise<Array<{ carrierId: string; address: string }>> {
  const rows = await store.db
    .selectFrom('message_parts as p')
    .innerJoin('messages as m', 'm.int_id', 'p.int_id')
    .select(['p.carrier_id', 'm.phone'])
    .where('p.connector', '=', connector)
    .where('p.status', 'is', null)
    .where('m.status', '=', MessageStatus.Transferred)
    .execute();
  return rows.map((row) => ({ carrierId: row.carrier_id, address: row.phone }));
}
