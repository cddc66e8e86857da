// get.php?get_stat=1: the account's statistics over a period, computed from the ledger (spec §6.3, docs/billing.md).
import { decodeStat } from '../wire/stat-request.ts';
import { renderStat } from '../wire/stat-response.ts';
import { readStats } from '../core/stats.ts';
import type { GetCommand } from './get.ts';

/** Decodes the period, sums the account's ledger over it, and renders the one row in the request's fmt. */
export const getStat: GetCommand = async (gateway, { params, fmt, account }) => {
  const command = decodeStat(params);
  if ('error' in command) return command;
  const rows = await readStats(gateway.store, account, command, { now: gateway.now(), moscowUtcOffsetMinutes: gateway.config.moscowUtcOffsetMinutes });
  return 'error' in rows ? rows : renderStat(rows, fmt);
};
