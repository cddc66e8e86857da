// The messages table as a durable outbox: claims under a lease, transfers as parts, receipts per part, final statuses.
import type { Kysely, Transaction } from 'kysely';
import { DeliveryError, MessageStatus, isFinal, isRefunded } from '../wire/statuses.ts';
import type { Store } from './database.ts';
import type { Database, Message } from './schema.ts';

type Db = Kysely<Database> | Transaction<Database>;

/** A claimed message: what the dispatcher needs to route it and hand it to a connector. */
export type ClaimedMessage = Pick<
  Message,
  'int_id' | 'phone' | 'kind' | 'sender' | 'subject' | 'body' | 'due_at' | 'expires_at' | 'attempts' | 'mccmnc'
>;

/** What a receipt did: decided its part (and maybe the message), changed nothing, was held, or waits for other parts. */
export type ReceiptResult = 'applied' | 'duplicate' | 'orphan' | 'pending-parts';

/** Told, once a write has committed, what it settled: for metrics, never for control flow. */
export interface SettleListener {
  /** A message reached a final status; connector '' when none had it. */
  messageFinal(connector: string, status: number): void;
  /** applyReceipt gave a part its status; its connector took the part at `transferredAt` (null: before migration 0004). */
  partSettled?(transferredAt: number | null): void;
}

/** What settling one part did: its receipt's result, when the part was taken, and the message's new final status. */
interface SettledPart {
  result: Exclude<ReceiptResult, 'orphan'>;
  transferredAt: number | null;
  finalStatus?: number;
}

/** A final status, when it was set, and (at submit) the connector that set it. */
export interface FinalUpdate {
  status: number;
  err: number;
  now: number;
  connector?: string;
}

/** Rows per ledger INSERT: keeps bound parameters under SQLite's and PostgreSQL's limits. */
const INSERT_CHUNK_ROWS = 500;

// A flood of receipts with unknown ids must not make every sweep read all of them; the race the sweep closes
// (a receipt and its part committing at the same moment) only ever leaves the newest orphans unmatched.
const SWEEP_SCAN_ROWS = 1000;

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
    .returning(['int_id', 'phone', 'kind', 'sender', 'subject', 'body', 'due_at', 'expires_at', 'attempts', 'mccmnc']);
}

/** Leases up to `limit` due, unexpired, unleased waiting messages for `leaseMs`; oldest due first. */
export async function claimDue(store: Store, options: { now: number; leaseMs: number; limit: number }): Promise<ClaimedMessage[]> {
  const rows = await claimDueQuery(store, options).execute();
  // RETURNING keeps no order.
  return rows.sort((a, b) => a.due_at - b.due_at || a.int_id - b.int_id);
}

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
  const settled: SettledPart[] = [];
  const transferred = await store.db.transaction().execute(async (trx) => {
    const changed = await trx
      .updateTable('messages')
      .set({ status: MessageStatus.Transferred, connector, carrier_id: carrierIds[0], status_at: now, lease_until: null })
      .where('int_id', '=', intId)
      .where('status', '=', MessageStatus.Waiting)
      .executeTakeFirst();
    if (changed.numUpdatedRows === 0n) return false;
    for (let i = 0; i < carrierIds.length; i += INSERT_CHUNK_ROWS) {
      const chunk = carrierIds.slice(i, i + INSERT_CHUNK_ROWS);
      await trx
        .insertInto('message_parts')
        .values(chunk.map((carrierId, j) => ({ connector, carrier_id: carrierId, int_id: intId, part: i + j + 1, transferred_at: now })))
        .execute();
    }
    const held = await trx
      .selectFrom('orphan_receipts')
      .select(['carrier_id', 'status', 'err'])
      .where('connector', '=', connector)
      .where('carrier_id', 'in', carrierIds)
      .orderBy('id')
      .execute();
    if (held.length === 0) return true;
    for (const { carrier_id, status, err } of held) settled.push(await settlePart(trx, store, intId, { connector, carrierId: carrier_id, status, err, now }));
    await trx.deleteFrom('orphan_receipts').where('connector', '=', connector).where('carrier_id', 'in', carrierIds).execute();
    return true;
  });
  for (const part of settled) tellFinal(listener, connector, part);
  return transferred;
}

/**
 * Applies a receipt to the part `connector` knows as `carrierId`; the message becomes final once every part has a
 * status: delivered only when every part is, else as its first part that is not. Failures refund exactly once.
 * A receipt for no known part is held in orphan_receipts until markTransferred or matchOrphans finds its part.
 */
export async function applyReceipt(
  store: Store,
  connector: string,
  carrierId: string,
  status: number,
  err: number,
  now: number,
  listener?: SettleListener,
): Promise<ReceiptResult> {
  if (!isFinal(status)) throw new Error(`applyReceipt called with non-final status ${status}`);
  const settled = await store.db.transaction().execute(async (trx) => {
    const part = await trx
      .selectFrom('message_parts')
      .select('int_id')
      .where('connector', '=', connector)
      .where('carrier_id', '=', carrierId)
      .executeTakeFirst();
    if (!part) {
      await trx.insertInto('orphan_receipts').values({ connector, carrier_id: carrierId, status, err, received_at: now }).execute();
      return undefined;
    }
    return settlePart(trx, store, part.int_id, { connector, carrierId, status, err, now });
  });
  if (!settled) return 'orphan';
  if (settled.result !== 'duplicate') listener?.partSettled?.(settled.transferredAt);
  tellFinal(listener, connector, settled);
  return settled.result;
}

/**
 * Applies held receipts (received at or after `since`, newest first) whose parts now exist, each in its own
 * transaction, and removes them; returns how many were matched.
 */
export async function matchOrphans(store: Store, since: number, now: number, listener?: SettleListener): Promise<number> {
  const newest = store.db
    .selectFrom('orphan_receipts')
    .selectAll()
    .where('received_at', '>=', since)
    .orderBy('id', 'desc')
    .limit(SWEEP_SCAN_ROWS)
    .as('o');
  const matched = await store.db
    .selectFrom(newest)
    .innerJoin('message_parts as p', (join) => join.onRef('p.connector', '=', 'o.connector').onRef('p.carrier_id', '=', 'o.carrier_id'))
    .select(['o.id', 'o.connector', 'o.carrier_id', 'o.status', 'o.err', 'p.int_id'])
    .orderBy('o.id')
    .execute();
  for (const orphan of matched) {
    const settled = await store.db.transaction().execute(async (trx) => {
      const receipt = { connector: orphan.connector, carrierId: orphan.carrier_id, status: orphan.status, err: orphan.err, now };
      const part = await settlePart(trx, store, orphan.int_id, receipt);
      await trx.deleteFrom('orphan_receipts').where('id', '=', orphan.id).execute();
      return part;
    });
    tellFinal(listener, orphan.connector, settled);
  }
  return matched.length;
}

/** Held receipts, all of them or those received before `receivedBefore`; they are kept, never dropped. */
export async function orphanCount(store: Store, receivedBefore?: number): Promise<number> {
  const row = await store.db
    .selectFrom('orphan_receipts')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .$if(receivedBefore !== undefined, (qb) => qb.where('received_at', '<', receivedBefore!))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Messages in `status`, counted over the (status, due_at) index: cheap for the queue (-1) and in flight (0). */
export async function countInStatus(store: Store, status: number): Promise<number> {
  const row = await store.db
    .selectFrom('messages')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('status', '=', status)
    .executeTakeFirstOrThrow();
  return Number(row.n);
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
 * Gives a not-yet-final message its final status without a receipt (refused or delivered at submit, no route)
 * and, for failures, refunds its hold in the same transaction. False when the message was already final.
 */
export async function applyFinal(store: Store, intId: number, final: FinalUpdate): Promise<boolean> {
  if (!isFinal(final.status)) throw new Error(`applyFinal called with non-final status ${final.status}`);
  return store.db.transaction().execute((trx) => finish(trx, intId, final));
}

/** Expires up to `limit` messages whose validity ended while waiting (unleased) or transferred: 3/245, refunded. */
export async function expireOverdue(store: Store, now: number, limit: number, listener?: SettleListener): Promise<number> {
  const expired = await store.db.transaction().execute(async (trx) => {
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
      .returning(['int_id', 'account_id', 'cost_minor', 'connector'])
      .execute();
    await refundHolds(trx, expired, now);
    return expired;
  });
  for (const message of expired) listener?.messageFinal(message.connector ?? '', MessageStatus.Expired);
  return expired.length;
}

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

/** Sets a part's status unless it has one, then finishes the message if that was its last part without one. */
async function settlePart(
  trx: Transaction<Database>,
  store: Store,
  intId: number,
  receipt: { connector: string; carrierId: string; status: number; err: number; now: number },
): Promise<SettledPart> {
  // Receipts for two parts of one message queue here on PostgreSQL, so the later one sees the earlier's part.
  if (store.dialect === 'postgres') {
    await trx.selectFrom('messages').select('int_id').where('int_id', '=', intId).forUpdate().execute();
  }
  const updated = await trx
    .updateTable('message_parts')
    .set({ status: receipt.status, err: receipt.err })
    .where('connector', '=', receipt.connector)
    .where('carrier_id', '=', receipt.carrierId)
    .where('status', 'is', null)
    .returning('transferred_at')
    .executeTakeFirst();
  if (!updated) return { result: 'duplicate', transferredAt: null };
  const transferredAt = updated.transferred_at;
  const parts = await trx.selectFrom('message_parts').select(['status', 'err']).where('int_id', '=', intId).orderBy('part').execute();
  if (parts.some((p) => p.status === null)) return { result: 'pending-parts', transferredAt };
  const failed = parts.find((p) => p.status !== MessageStatus.Delivered);
  const final = failed
    ? { status: failed.status!, err: failed.err ?? DeliveryError.None }
    : { status: MessageStatus.Delivered, err: DeliveryError.None };
  // An expired message keeps its status 3; the receipt only records its part.
  const changed = await finish(trx, intId, { ...final, now: receipt.now });
  return { result: 'applied', transferredAt, ...(changed ? { finalStatus: final.status } : {}) };
}

/** Tells `listener` about the message a part's receipt made final, if it did. */
function tellFinal(listener: SettleListener | undefined, connector: string, settled: SettledPart): void {
  if (settled.finalStatus !== undefined) listener?.messageFinal(connector, settled.finalStatus);
}

/** Gives one message a final status if it has none yet, refunding a failure; true when it changed. */
async function finish(trx: Transaction<Database>, intId: number, final: FinalUpdate): Promise<boolean> {
  const changed = await trx
    .updateTable('messages')
    .set({ status: final.status, err: final.err, status_at: final.now, lease_until: null, connector: final.connector })
    .where('int_id', '=', intId)
    // The guard against a second refund: only the first final status changes the row.
    .where('status', 'in', NOT_FINAL)
    .returning(['int_id', 'account_id', 'cost_minor'])
    .execute();
  if (isRefunded(final.status)) await refundHolds(trx, changed, final.now);
  return changed.length > 0;
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
