// get.php?get_price=1: the account's tariff, one record per zone (spec §6.4; layouts in docs/tariffs.md).
import { renderPrices } from '../wire/price-response.ts';
import { readPriceList } from '../core/tariffs.ts';
import { tariffZones } from '../core/tariff-zones.ts';
import { languageOf } from '../core/accounts.ts';
import { takeRequestLimits } from './request-limits.ts';
import type { GetCommand } from './get.ts';

export const getPrice: GetCommand = async (gateway, { params, fmt, account }) => {
  // Spec §6.4: at most three identical requests a minute.
  const limited = takeRequestLimits(gateway, account.id, params, 'identicalPrice');
  if (limited) return limited;
  // Read fresh rather than through the send path's cache: an operator checks a change here at once.
  const prices = await readPriceList(gateway.store, account, gateway.config);
  // A plan without rules prices nothing; like an empty history, that is error 3 (docs/tariffs.md).
  if (prices.rules.length === 0) return { error: 'recordNotFound' };
  return renderPrices(tariffZones(prices.rules, languageOf(account)), fmt);
};
