// info.php?get_operator=1 parameters into an OperatorCommand (spec §6.5).
import { readCommaList } from './params.ts';
import type { OperatorCommand, Params, SmscError } from './types.ts';

/** The most numbers one request may ask about (docs/compatibility.md). */
export const MAX_OPERATOR_PHONES = 100;

/** Decodes an operator lookup; error 1 without get_operator=1, without phones, or with more than the cap. */
export function decodeOperatorLookup(params: Params): OperatorCommand | SmscError {
  if (params.get('get_operator') !== '1') return { error: 'parameters' };
  const phones = readCommaList(params.get('phone'));
  if (!phones || phones.items.length > MAX_OPERATOR_PHONES) return { error: 'parameters' };
  return { phones: phones.items, multi: phones.items.length > 1 || phones.trailingComma };
}
