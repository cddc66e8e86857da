// API keys: creation (the key is shown once), revocation, listing, and finding the account a key belongs to.
import { hash, randomBytes } from 'node:crypto';
import type { Selectable } from 'kysely';
import type { Store } from '../store/database.ts';
import type { Account, ApiKeysTable } from '../store/schema.ts';

const KEY_BYTES = 32;
const PREFIX_LENGTH = 8;

/** A stored key as listings show it: never the key or its hash. */
export type ApiKeyListing = Omit<Selectable<ApiKeysTable>, 'key_hash'>;

/** A new key: its id, and its text, which is not stored and cannot be shown again. */
export interface NewApiKey {
  id: number;
  key: string;
}

/** Creates a key for the account; `store` may be a transaction (`{ db: trx }`). */
export async function createApiKey(store: Pick<Store, 'db'>, accountId: number, now: number): Promise<NewApiKey> {
  const key = randomBytes(KEY_BYTES).toString('base64url');
  const row = await store.db
    .insertInto('api_keys')
    .values({ account_id: accountId, key_hash: apiKeyHash(key), prefix: key.slice(0, PREFIX_LENGTH), created_at: now, revoked_at: null })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { id: row.id, key };
}

/** Revokes one of the account's keys; an unknown or already revoked key is an error. */
export async function revokeApiKey(
  store: Store,
  accountId: number,
  keyId: number,
  now: number,
): Promise<{ revokedAt: number } | { error: 'unknownKey' }> {
  const result = await store.db
    .updateTable('api_keys')
    .set({ revoked_at: now })
    .where('id', '=', keyId)
    .where('account_id', '=', accountId)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n ? { revokedAt: now } : { error: 'unknownKey' };
}

/** The account's keys, oldest first, revoked ones included. */
export async function listApiKeys(store: Store, accountId: number): Promise<ApiKeyListing[]> {
  return store.db
    .selectFrom('api_keys')
    .select(['id', 'account_id', 'prefix', 'created_at', 'revoked_at'])
    .where('account_id', '=', accountId)
    .orderBy('id')
    .execute();
}

/** The account that owns `key`, when the key exists and is not revoked. */
export async function findAccountByApiKey(store: Store, key: string): Promise<Account | undefined> {
  return store.db
    .selectFrom('api_keys')
    .innerJoin('accounts', 'accounts.id', 'api_keys.account_id')
    .selectAll('accounts')
    .where('api_keys.key_hash', '=', apiKeyHash(key))
    .where('api_keys.revoked_at', 'is', null)
    .executeTakeFirst();
}

function apiKeyHash(key: string): string {
  return hash('sha256', key, 'hex');
}
