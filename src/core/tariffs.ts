// Prices: an account's price list (its tariff plan, or the flat prices), most specific rule first, cached per plan.
import type { Store } from '../store/database.ts';
import type { Account } from '../store/schema.ts';
import { readTariffPlan, tariffChangeCount, type StoredTariffRule } from '../store/tariffs.ts';

/** Every type a rule may price, in the order listings show them; only sms, flash and mail are sent. */
export const TARIFF_TYPES = ['sms', 'flash', 'mail', 'viber', 'voice', 'mms', 'hlr'] as const;

/** A priced message type. */
export type TariffType = (typeof TARIFF_TYPES)[number];

/** Where one message goes: ISO alpha-2 country and MCC+MNC of the recipient, '' where unknown (e-mail: both ''). */
export interface PriceQuery {
  type: TariffType;
  country: string;
  mccmnc: string;
}

/** One rule of a plan: the price of one SMS segment (one e-mail for 'mail'); '' in country or mccmnc = any. */
export interface TariffRule {
  type: TariffType;
  country: string;
  mccmnc: string;
  priceMinor: number;
}

/** The prices that apply to one account. */
export interface PriceList {
  readonly currency: string;
  /** The rules the prices come from (for listings such as get.php?get_price=1). */
  readonly rules: readonly TariffRule[];
  /** Minor units per SMS segment (per e-mail for 'mail'); undefined = no rule: not sendable at any price. */
  priceOf(q: PriceQuery): number | undefined;
}

/** The configured prices of accounts without a plan (config.smsSegmentPriceMinor, config.emailPriceMinor). */
export interface FlatPrices {
  smsSegmentPriceMinor: number;
  emailPriceMinor: number;
}

/** How Tariffs caches plans and prices accounts without one; `now` is Unix milliseconds. */
export interface TariffsOptions {
  cacheSeconds: number;
  now: () => number;
  flat: FlatPrices;
}

interface CachedPlan {
  list: Promise<PriceList>;
  loadedAt: number;
  /** The store's tariff change count when loading began. */
  changeCount: number;
}

/** Price lists of accounts: a plan's rules are read once per cacheSeconds, or again after a change through this store. */
export class Tariffs {
  readonly #store: Store;
  readonly #cacheMs: number;
  readonly #now: () => number;
  readonly #flat: FlatPrices;
  readonly #plans = new Map<number, CachedPlan>();
  readonly #flatByCurrency = new Map<string, PriceList>();

  constructor(store: Store, options: TariffsOptions) {
    this.#store = store;
    this.#cacheMs = options.cacheSeconds * 1000;
    this.#now = options.now;
    this.#flat = options.flat;
  }

  /** The account's plan, or the flat prices in the account's currency when it has none. */
  priceListFor(account: Account): Promise<PriceList> {
    const planId = account.tariff_plan_id;
    if (planId === null) return Promise.resolve(this.#flatList(account.currency));
    const now = this.#now();
    const changeCount = tariffChangeCount(this.#store);
    const cached = this.#plans.get(planId);
    if (cached && cached.changeCount === changeCount && now - cached.loadedAt < this.#cacheMs) return cached.list;
    // Concurrent requests share one read; a failed read is not kept, so the next request tries again.
    const list = readPlanPriceList(this.#store, planId);
    const entry = { list, loadedAt: now, changeCount };
    this.#plans.set(planId, entry);
    list.catch(() => {
      if (this.#plans.get(planId) === entry) this.#plans.delete(planId);
    });
    return list;
  }

  #flatList(currency: string): PriceList {
    let list = this.#flatByCurrency.get(currency);
    if (!list) {
      list = flatPriceList(currency, this.#flat);
      this.#flatByCurrency.set(currency, list);
    }
    return list;
  }
}

/** The account's price list read from the store now, uncached (listings; sending goes through Tariffs). */
export async function readPriceList(store: Store, account: Account, flat: FlatPrices): Promise<PriceList> {
  return account.tariff_plan_id === null ? flatPriceList(account.currency, flat) : readPlanPriceList(store, account.tariff_plan_id);
}

async function readPlanPriceList(store: Store, planId: number): Promise<PriceList> {
  const found = await readTariffPlan(store, planId);
  // accounts.tariff_plan_id references tariff_plans, and plans are never deleted.
  if (!found) throw new Error(`tariff plan ${planId} does not exist`);
  return new RulePriceList(found.plan.currency, found.rules.map(ruleFromStored));
}

/** A stored rule in the domain's terms; its type was checked when it was written. */
export function ruleFromStored(row: StoredTariffRule): TariffRule {
  return { type: row.type as TariffType, country: row.country, mccmnc: row.mccmnc, priceMinor: row.price_minor };
}

/** A rule in the store's terms. */
export function ruleToStored(rule: TariffRule): StoredTariffRule {
  return { type: rule.type, country: rule.country, mccmnc: rule.mccmnc, price_minor: rule.priceMinor };
}

/** Flat prices as catch-all rules: sms (flash falls back to it) and mail; nothing else is priced. */
function flatPriceList(currency: string, flat: FlatPrices): PriceList {
  return new RulePriceList(currency, [
    { type: 'sms', country: '', mccmnc: '', priceMinor: flat.smsSegmentPriceMinor },
    { type: 'mail', country: '', mccmnc: '', priceMinor: flat.emailPriceMinor },
  ]);
}

/** A map key naming one rule within a plan. */
export function ruleKey(type: string, country: string, mccmnc: string): string {
  return `${type} ${country} ${mccmnc}`;
}

/**
 * Rules by key, looked up in the order of docs/tariffs.md "Which rule prices a message": by specificity level
 * (operator, then country, then any), inside a level the exact type before sms for flash, and inside a type
 * the rule naming the country before the one that does not.
 */
class RulePriceList implements PriceList {
  readonly #prices = new Map<string, number>();

  constructor(
    readonly currency: string,
    readonly rules: readonly TariffRule[],
  ) {
    for (const rule of rules) this.#prices.set(ruleKey(rule.type, rule.country, rule.mccmnc), rule.priceMinor);
  }

  priceOf({ type, country, mccmnc }: PriceQuery): number | undefined {
    const types = type === 'flash' ? FLASH_TYPES : [type];
    const levels: (readonly [string, string][])[] = [];
    if (mccmnc !== '') levels.push(country === '' ? [['', mccmnc]] : [[country, mccmnc], ['', mccmnc]]);
    if (country !== '') levels.push([[country, '']]);
    levels.push(ANY_DESTINATION);
    for (const level of levels) {
      for (const candidateType of types) {
        for (const [c, m] of level) {
          const price = this.#prices.get(ruleKey(candidateType, c, m));
          if (price !== undefined) return price;
        }
      }
    }
    return undefined;
  }
}

/** A flash message with no flash rule at a level is priced as sms at that level. */
const FLASH_TYPES: readonly TariffType[] = ['flash', 'sms'];

const ANY_DESTINATION: readonly [string, string][] = [['', '']];
