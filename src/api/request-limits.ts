// The two limits read-only scripts share: identical requests per minute, then all requests of the account.
import { errorFor, type LimitRule } from '../core/limits.ts';
import type { Params, SmscError } from '../wire/types.ts';
import { requestFingerprint } from './fingerprint.ts';
import type { Gateway } from './gateway.ts';

/**
 * Takes a slot of `identical` for this exact request, then one of `overall` for the account when given; a
 * refused second limit gives the first slot back. Returns the error to answer, or undefined to go on.
 */
export function takeRequestLimits(gateway: Gateway, accountId: number, params: Params, identical: LimitRule, overall?: LimitRule): SmscError | undefined {
  const ticket = gateway.limits.take(identical, requestFingerprint(accountId, params));
  if (!ticket) return { error: errorFor(identical) };
  if (overall !== undefined && !gateway.limits.take(overall, `${accountId}`)) {
    ticket.refund();
    return { error: errorFor(overall) };
  }
  return undefined;
}
