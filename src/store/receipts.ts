// Receipts per part: settling a part (and, with its last part, the message), holding and matching orphan receipts.
import type { Transaction } from 'kysely';
import { DeliveryError, MessageStatus, isFinal } from '../wire/statuses.ts';
import type { Dialect, Store } from './database.ts';
import { finish } from './final-status.ts';
import type { Database } from './schema.ts';
import { preparedQuery, type SlotOf } from './prepared-query.ts';
import { writeOp } from './write-op.ts';

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
export interface SettledPart {
  result: Exclude<ReceiptResult, 'orphan'>;
  transferredAt: number | null;
  finalStatus?: number;
}

// A flood of receipts with unknown ids must not make every sweep read all of them; the race the sweep closes
// (a receipt and its part committing at the same moment) only ever leaves the newest orphans unmatched.
const SWEEP_SCAN_ROWS = 1000;

/** A part's receipt: the part by its connector and carrier id, its final status and err, when it came. */
interface PartReceipt {
  connector: string;
  carrierId: string;
  status: number;
  err: number;
  now: number;
}

// Settles the receipt's part, or holds the receipt (undefined) when no part has its id yet.
export const receiptOp = writeOp('receipt', async (trx, receipt: PartReceipt, dialect): Promise<SettledPart | undefined> => {
  const { connector, carrierId, status, err, now } = receipt;
  const part = (await partByCarrierId.run(trx, { connector, carrierId })).rows[0];
  if (part) return settlePart(trx, dialect, part.int_id, receipt);
  await trx.insertInto('orphan_receipts').values({ connector, carrier_id: carrierId, status, err, received_at: now }).execute();
  return undefined;
});

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
  const settled = await store.write(receiptOp, { connector, carrierId, status, err, now });
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
  // Queued together, in order: each in its own savepoint of one group commit.
  const settled = await Promise.all(
    matched.map((orphan) => {
      const receipt = { connector: orphan.connector, carrierId: orphan.carrier_id, status: orphan.status, err: orphan.err, now };
      return store.write(heldReceiptOp, { orphanId: orphan.id, intId: orphan.int_id, receipt });
    }),
  );
  settled.forEach((part, i) => tellFinal(listener, matched[i]!.connector, part));
  return matched.length;
}

// Settles the part of a held receipt, and lets the receipt go.
export const heldReceiptOp = writeOp('held receipt', async (trx, held: { orphanId: number; intId: number; receipt: PartReceipt }, dialect) => {
  const part = await settlePart(trx, dialect, held.intId, held.receipt);
  await trx.deleteFrom('orphan_receipts').where('id', '=', held.orphanId).execute();
  return part;
});

/** Held receipts, all of them or those received before `receivedBefore`; they are kept, never dropped. */
export async function orphanCount(store: Store, receivedBefore?: number): Promise<number> {
  const row = await store.db
    .selectFrom('orphan_receipts')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .$if(receivedBefore !== undefined, (qb) => qb.where('received_at', '<', receivedBefore!))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

const partByCarrierId = preparedQuery((db, slot: SlotOf<{ connector: string; carrierId: string }>) =>
  db
    .selectFrom('message_parts')
    .select('int_id')
    .where('connector', '=', slot((a) => a.connector))
    .where('carrier_id', '=', slot((a) => a.carrierId)),
);

const lockMessage = preparedQuery((db, slot: SlotOf<{ intId: number }>) =>
  db.selectFrom('messages').select('int_id').where('int_id', '=', slot((a) => a.intId)).forUpdate(),
);

/** A part's status from its receipt, only when it has none; exported so its SQL can be pinned per dialect. */
export const settlePartQuery = preparedQuery((db, slot: SlotOf<{ connector: string; carrierId: string; status: number; err: number }>) =>
  db
    .updateTable('message_parts')
    .set({ status: slot((a) => a.status), err: slot((a) => a.err) })
    .where('connector', '=', slot((a) => a.connector))
    .where('carrier_id', '=', slot((a) => a.carrierId))
    .where('status', 'is', null)
    .returning('transferred_at'),
);

const partsOf = preparedQuery((db, slot: SlotOf<{ intId: number }>) =>
  db.selectFrom('message_parts').select(['status', 'err']).where('int_id', '=', slot((a) => a.intId)).orderBy('part'),
);

/** Sets a part's status unless it has one, then finishes the message if that was its last part without one. */
export async function settlePart(trx: Transaction<Database>, dialect: Dialect, intId: number, receipt: PartReceipt): Promise<SettledPart> {
  // Receipts for two parts of one message queue here on PostgreSQL, so the later one sees the earlier's part.
  if (dialect === 'postgres') await lockMessage.run(trx, { intId });
  const updated = (await settlePartQuery.run(trx, receipt)).rows[0];
  if (!updated) return { result: 'duplicate', transferredAt: null };
  const transferredAt = updated.transferred_at;
  const parts = (await partsOf.run(trx, { intId })).rows;
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
export function tellFinal(listener: SettleListener | undefined, connector: string, settled: SettledPart): void {
  if (settled.finalStatus !== undefined) listener?.messageFinal(connector, settled.finalStatus);
}
