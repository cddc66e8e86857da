// status.php in the domain: finding an account's messages by (id, address), and deleting a queued one.
import type { Store } from '../store/database.ts';
import type { Account, Message } from '../store/schema.ts';
import { deleteQueued, findMessage } from '../store/messages.ts';
import { normalizeLookupAddress } from '../numbering/phones.ts';
import type { StatusRecord } from '../wire/types.ts';
import { kindOf } from '../wire/kinds.ts';

type Lookup = { id: string; address: string };

function toRecord(lookup: Lookup, message: Message | undefined): StatusRecord {
  if (!message) return { found: false, id: lookup.id, address: lookup.address };
  return {
    found: true,
    id: lookup.id,
    address: lookup.address,
    status: message.status,
    err: message.err,
    statusAt: message.status_at,
    sentAt: message.created_at,
    costMinor: message.cost_minor,
    sender: message.sender,
    text: message.body,
    kind: kindOf(message.kind),
    parts: message.sms_cnt,
    country: message.country,
    operator: message.operator,
    region: message.region,
  };
}

/** The status of each looked-up message of `account`, in request order; unknown ones as not found. */
export async function lookUpStatuses(store: Store, account: Account, lookups: Lookup[]): Promise<StatusRecord[]> {
  const records: StatusRecord[] = [];
  for (const lookup of lookups) {
    const message = await findMessage(store, account.id, lookup.id, normalizeLookupAddress(lookup.address));
    records.push(toRecord(lookup, message));
  }
  return records;
}

/** Deletes a message of `account` that is still waiting to be sent, refunding it; false when there is none. */
export async function deleteWaitingMessage(store: Store, account: Account, lookup: Lookup, now: number): Promise<boolean> {
  const message = await findMessage(store, account.id, lookup.id, normalizeLookupAddress(lookup.address));
  return message !== undefined && (await deleteQueued(store, account.id, message.int_id, now));
}
