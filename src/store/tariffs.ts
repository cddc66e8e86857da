// The tariff tables: plans, their rules, the plan an account is priced by, and a count of changes for caches.
import type { Selectable } from 'kysely';
import type { Store } from './database.ts';
import type { Account, TariffPlansTable } from './schema.ts';
import { chunks } from './chunks.ts';

/** A stored tariff plan. */
export type TariffPlan = Selectable<TariffPlansTable>;

/** A rule of a plan as stored: '' in country or mccmnc means any. */
export interface StoredTariffRule {
  type: string;
  country: string;
  mccmnc: string;
  price_minor: number;
}

/** What names one rule inside its plan (the table's unique key without the plan). */
export type StoredTariffRuleKey = Omit<StoredTariffRule, 'price_minor'>;

// Per database handle, not per process: a second handle stands for another process in the tests, and its
// writes must reach this handle's caches only through their expiry, as another process's would.
const changeCounts = new WeakMap<object, number>();

/** How many tariff writes went through this store handle; a cache built at another count is stale. */
export function tariffChangeCount(store: Store): number {
  return changeCounts.get(store.db) ?? 0;
}

function countChange(store: Store): void {
  changeCounts.set(store.db, tariffChangeCount(store) + 1);
}

/** Creates a plan; undefined when the name is taken. */
export async function insertTariffPlan(store: Store, plan: Omit<TariffPlan, 'id'>): Promise<TariffPlan | undefined> {
  const created = await store.db.transaction().execute(async (trx) => {
    const taken = await trx.selectFrom('tariff_plans').select('id').where('name', '=', plan.name).executeTakeFirst();
    return taken ? undefined : trx.insertInto('tariff_plans').values(plan).returningAll().executeTakeFirstOrThrow();
  });
  if (created) countChange(store);
  return created;
}

/** The plan with this name, if any. */
export async function findTariffPlan(store: Store, name: string): Promise<TariffPlan | undefined> {
  return store.db.selectFrom('tariff_plans').selectAll().where('name', '=', name).executeTakeFirst();
}

/** The plan with this id and its rules, or undefined when there is no such plan. */
export async function readTariffPlan(store: Store, planId: number): Promise<{ plan: TariffPlan; rules: StoredTariffRule[] } | undefined> {
  const plan = await store.db.selectFrom('tariff_plans').selectAll().where('id', '=', planId).executeTakeFirst();
  if (!plan) return undefined;
  const rules = await store.db
    .selectFrom('tariff_rules')
    .select(['type', 'country', 'mccmnc', 'price_minor'])
    .where('plan_id', '=', planId)
    .orderBy('id')
    .execute();
  return { plan, rules };
}

/** Adds the rule, or changes the price of the plan's rule with the same key. */
export async function upsertTariffRule(store: Store, planId: number, rule: StoredTariffRule): Promise<void> {
  await store.db
    .insertInto('tariff_rules')
    .values({ plan_id: planId, ...rule })
    .onConflict((oc) => oc.columns(['plan_id', 'country', 'mccmnc', 'type']).doUpdateSet({ price_minor: rule.price_minor }))
    .execute();
  countChange(store);
}

/** Removes the plan's rule with this key; false when it has none. */
export async function deleteTariffRule(store: Store, planId: number, key: StoredTariffRuleKey): Promise<boolean> {
  const { numDeletedRows } = await store.db
    .deleteFrom('tariff_rules')
    .where('plan_id', '=', planId)
    .where('type', '=', key.type)
    .where('country', '=', key.country)
    .where('mccmnc', '=', key.mccmnc)
    .executeTakeFirst();
  countChange(store);
  return numDeletedRows > 0n;
}

/** Replaces every rule of the plan in one transaction: readers see the old rules or the new, never a mix. */
export async function replaceTariffRules(store: Store, planId: number, rules: readonly StoredTariffRule[]): Promise<void> {
  await store.db.transaction().execute(async (trx) => {
    await trx.deleteFrom('tariff_rules').where('plan_id', '=', planId).execute();
    for (const rows of chunks(rules)) await trx.insertInto('tariff_rules').values(rows.map((rule) => ({ plan_id: planId, ...rule }))).execute();
  });
  countChange(store);
}

/** Sets the plan that prices the account (null = the flat prices); undefined when no account has the login. */
export async function setAccountTariffPlan(store: Store, login: string, planId: number | null): Promise<Account | undefined> {
  return store.db.updateTable('accounts').set({ tariff_plan_id: planId }).where('login', '=', login).returningAll().executeTakeFirst();
}
