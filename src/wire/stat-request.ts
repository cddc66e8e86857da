// get.php?get_stat=1 parameters into a StatCommand: the period's first and last day (spec §6.3, docs/billing.md).
import { isAllowedPeriod, readDay } from './history-request.ts';
import type { CalendarDay, Params, SmscError } from './types.ts';

/** A decoded get_stat request: calendar days in the account's zone, both included. */
export interface StatCommand {
  from: CalendarDay;
  /** Last day included; undefined = up to now. */
  to?: CalendarDay;
}

const PARAMETERS: SmscError = { error: 'parameters' };

/**
 * Decodes a get_stat request, or error 1. `mycur` and `balance2` are accepted and read by nobody: an account
 * has one currency and one balance (docs/billing.md).
 */
export function decodeStat(params: Params): StatCommand | SmscError {
  const from = readDay(params.get('start') ?? '');
  if (!from) return PARAMETERS;
  const end = params.get('end') || undefined;
  if (end === undefined) return { from };
  const to = readDay(end);
  // The history call's period rule (docs/billing.md): no end before the start, six months at most.
  if (!to || !isAllowedPeriod(from, to)) return PARAMETERS;
  return { from, to };
}
