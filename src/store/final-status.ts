// A message's final status, set once: the guard against a second change, and the refund of a failure's hold.
import type { Kysely, Transaction } from 'kysely';
import { MessageStatus, isRefunded } from '../wire/statuses.ts';
import type { Database } from './schema.ts';
import { appendLedger } from './ledger.ts';
import { preparedQuery, type SlotOf } from './prepared-query.ts';

type Db = Kysely<Database> | Transaction<Database>;

/** A final status, when it was set, and (at submit) the connector that set it. */
export interface FinalUpdate {
  status: number;
  err: number;
  now: number;
  connector?: string;
}

/** The statuses a message may leave: waiting (-1) and transferred (0). */
export const NOT_FINAL = [MessageStatus.Waiting, MessageStatus.Transferred];

/** The final status of one row, and (set at submit) the connector that gave it; a receipt's keeps the row's connector. */
function finishQuery(withConnector: boolean) {
  return preparedQuery((db, slot: SlotOf<FinalUpdate & { intId: number }>) =>
    db
      .updateTable('messages')
      .set({
        status: slot((a) => a.status),
        err: slot((a) => a.err),
        status_at: slot((a) => a.now),
        lease_until: null,
        ...(withConnector ? { connector: slot((a) => a.connector ?? null) } : {}),
      })
      .where('int_id', '=', slot((a) => a.intId))
      // The guard against a second refund: only the first final status changes the row.
      .where('status', 'in', NOT_FINAL)
      .returning(['int_id', 'account_id', 'cost_minor']),
  );
}
/** The final status of a message still waiting or transferred; exported so its SQL can be pinned per dialect. */
export const finishRow = finishQuery(false);
const finishRowWithConnector = finishQuery(true);

/** Gives one message a final status if it has none yet, refunding a failure; true when it changed. */
export async function finish(trx: Transaction<Database>, intId: number, final: FinalUpdate): Promise<boolean> {
  const { rows: changed } = await (final.connector === undefined ? finishRow : finishRowWithConnector).run(trx, { intId, ...final });
  if (isRefunded(final.status)) await refundHolds(trx, changed, final.now);
  return changed.length > 0;
}

/** Credits each message's cost back to its account and records one 'refund' ledger entry per message. */
export async function refundHolds(db: Db, messages: Array<{ int_id: number; account_id: number; cost_minor: number }>, now: number): Promise<void> {
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
  await appendLedger(
    db,
    charged.map((m) => ({ account_id: m.account_id, kind: 'refund', amount_minor: m.cost_minor, int_id: m.int_id, messages: -1, created_at: now })),
  );
}
