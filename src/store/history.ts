// History reads: one channel of one account, newest first, keyset-paged over the messages_history indexes.
import type { Store } from './database.ts';
import type { Message } from './schema.ts';

/** Where a history page continues from: the position of the last message already seen. */
export interface HistoryCursor {
  createdAt: number;
  intId: number;
}

/** What one history page reads; times are Unix ms, addresses already normalised. */
export interface HistoryQuery {
  accountId: number;
  /** 0 SMS (and flash), 8 e-mail. */
  channel: 0 | 8;
  /** Addresses to keep; empty = all. */
  addresses: string[];
  /** created_at >= sentFrom. */
  sentFrom?: number;
  /** created_at < sentBefore. */
  sentBefore?: number;
  /** Only messages after this one in (created_at DESC, int_id DESC) order. */
  after?: HistoryCursor;
  limit: number;
}

/** The one statement findHistory runs; exported so its SQL can be pinned per dialect. */
export function historyQuery(store: Store, q: HistoryQuery) {
  const { after } = q;
  return (
    store.db
      .selectFrom('messages')
      .selectAll()
      .where('account_id', '=', q.accountId)
      .where('channel', '=', q.channel)
      .$if(q.addresses.length === 1, (qb) => qb.where('phone', '=', q.addresses[0]!))
      .$if(q.addresses.length > 1, (qb) => qb.where('phone', 'in', q.addresses))
      .$if(q.sentFrom !== undefined, (qb) => qb.where('created_at', '>=', q.sentFrom!))
      .$if(q.sentBefore !== undefined, (qb) => qb.where('created_at', '<', q.sentBefore!))
      // A row value, not `created_at < ? OR (created_at = ? AND int_id < ?)`: both planners make it an index
      // range (the OR form is only a filter); int_id breaks ties inside one millisecond.
      .$if(after !== undefined, (qb) =>
        qb.where((eb) => eb(eb.refTuple('created_at', 'int_id'), '<', eb.tuple(after!.createdAt, after!.intId))),
      )
      .orderBy('created_at', 'desc')
      .orderBy('int_id', 'desc')
      .limit(q.limit)
  );
}

/** Up to `q.limit` messages of one account and channel, newest first. */
export async function findHistory(store: Store, q: HistoryQuery): Promise<Message[]> {
  return historyQuery(store, q).execute();
}

/** The paging position of message `intId`, or undefined when it is not a message of `accountId`. */
export async function findCursor(store: Store, accountId: number, intId: number): Promise<HistoryCursor | undefined> {
  const row = await store.db
    .selectFrom('messages')
    .select(['created_at', 'int_id'])
    .where('int_id', '=', intId)
    .where('account_id', '=', accountId)
    .executeTakeFirst();
  return row && { createdAt: row.created_at, intId: row.int_id };
}
