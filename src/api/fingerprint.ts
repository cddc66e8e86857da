// "Identical request" for the duplicate limits (spec §16.8): same account, same parameters, in any order.
import { hash } from 'node:crypto';
import type { Params } from '../wire/types.ts';

/** A digest of the account and every parameter name and value, independent of parameter order. */
export function requestFingerprint(accountId: number, params: Params): string {
  const pairs = [...params].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return hash('sha256', JSON.stringify([accountId, pairs]), 'base64url');
}
