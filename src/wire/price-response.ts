// The get.php?get_price=1 answer in each fmt (spec §6.4): one record per tariff zone, layouts in docs/tariffs.md.
import { formatCost } from '../money.ts';
import { renderRecords, type Field } from './format.ts';
import type { Fmt } from './types.ts';

/** One tariff zone to list: its code, its name, and prices in minor units by tariff type (sms, flash, voice, …). */
export interface PriceZone {
  zone: string;
  name: string;
  prices: ReadonlyMap<string, number>;
}

/** Wire field and tariff type of each price column: `api` and `mass` are both the SMS price (no web cabinet). */
const ALWAYS: readonly (readonly [field: string, type: string])[] = [
  ['api', 'sms'],
  ['mass', 'sms'],
];

/** Columns shown when some zone prices the type; `call` is spec §6.4's name for voice messages. */
const WHEN_PRICED: readonly (readonly [field: string, type: string])[] = [
  ['flash', 'flash'],
  ['mail', 'mail'],
  ['viber', 'viber'],
  ['call', 'voice'],
  ['mms', 'mms'],
  ['hlr', 'hlr'],
];

/** Renders the zones in `fmt`; every record has the same fields, a type a zone does not price is ''. */
export function renderPrices(zones: readonly PriceZone[], fmt: Fmt): string {
  const columns = [...ALWAYS, ...WHEN_PRICED.filter(([, type]) => zones.some((zone) => zone.prices.has(type)))];
  const records = zones.map((zone): Field[] => [
    ['zone', zone.zone],
    ['name', zone.name],
    ...columns.map(([field, type]): Field => {
      const price = zone.prices.get(type);
      return [field, price === undefined ? '' : formatCost(price)];
    }),
  ]);
  return renderRecords(records, fmt, { list: 'list', item: 'price' });
}
