// Managing tariff plans by name: create, set and remove rules, replace them from CSV, assign a plan to an account.
import type { Store } from '../store/database.ts';
import type { Account } from '../store/schema.ts';
import {
  deleteTariffRule,
  findTariffPlan,
  insertTariffPlan,
  readTariffPlan,
  replaceTariffRules,
  setAccountTariffPlan,
  upsertTariffRule,
  type TariffPlan,
} from '../store/tariffs.ts';
import { findAccountByLogin } from './accounts.ts';
import { parseTariffCsv, type TariffCsvProblem } from './tariff-csv.ts';
import { normaliseRule, normaliseRuleKey, type TariffRuleError, type TariffRuleKey, type TariffRuleKeyInput } from './tariff-rules.ts';
import { ruleFromStored, ruleToStored, type TariffRule } from './tariffs.ts';

// 'none' is what `tariff assign <login> none` means, so no plan may be called that.
const PLAN_NAME = /^(?!none$)[A-Za-z0-9._-]{1,64}$/;
const CURRENCY = /^[A-Z]{3}$/;

/** Why an operation on a plan failed. */
export type TariffPlanError = 'invalidPlanName' | 'planNameTaken' | 'invalidCurrency' | 'unknownPlan' | 'unknownRule' | 'unknownAccount';

/** A plan and its rules in the order they were written. */
export interface TariffPlanContents {
  plan: TariffPlan;
  rules: TariffRule[];
}

/** Creates an empty plan in one currency. */
export async function createTariffPlan(
  store: Store,
  input: { name: string; currency: string; now: number },
): Promise<{ plan: TariffPlan } | { error: 'invalidPlanName' | 'planNameTaken' | 'invalidCurrency' }> {
  if (!PLAN_NAME.test(input.name)) return { error: 'invalidPlanName' };
  if (!CURRENCY.test(input.currency)) return { error: 'invalidCurrency' };
  const plan = await insertTariffPlan(store, { name: input.name, currency: input.currency, created_at: input.now });
  return plan ? { plan } : { error: 'planNameTaken' };
}

/** Adds a rule to the plan, or changes the price of its rule with the same type, country and mccmnc. */
export async function setTariffRule(
  store: Store,
  planName: string,
  input: TariffRuleKeyInput & { priceMinor: number },
): Promise<{ rule: TariffRule } | { error: 'unknownPlan' | TariffRuleError }> {
  const checked = normaliseRule(input);
  if ('error' in checked) return checked;
  const plan = await findTariffPlan(store, planName);
  if (!plan) return { error: 'unknownPlan' };
  await upsertTariffRule(store, plan.id, ruleToStored(checked.rule));
  return checked;
}

/** Removes the plan's rule with exactly this type, country and mccmnc. */
export async function removeTariffRule(
  store: Store,
  planName: string,
  input: TariffRuleKeyInput,
): Promise<{ removed: TariffRuleKey } | { error: 'unknownPlan' | 'unknownRule' | TariffRuleError }> {
  const checked = normaliseRuleKey(input);
  if ('error' in checked) return checked;
  const plan = await findTariffPlan(store, planName);
  if (!plan) return { error: 'unknownPlan' };
  return (await deleteTariffRule(store, plan.id, checked.key)) ? { removed: checked.key } : { error: 'unknownRule' };
}

/** Replaces all rules of the plan with those of a CSV file, atomically; a bad line changes nothing. */
export async function importTariffCsv(
  store: Store,
  planName: string,
  csv: string,
): Promise<{ rules: TariffRule[] } | { error: 'unknownPlan' } | TariffCsvProblem> {
  const parsed = parseTariffCsv(csv);
  if ('error' in parsed) return parsed;
  const plan = await findTariffPlan(store, planName);
  if (!plan) return { error: 'unknownPlan' };
  await replaceTariffRules(store, plan.id, parsed.rules.map(ruleToStored));
  return parsed;
}

/** The plan and its rules. */
export async function readTariffPlanByName(store: Store, planName: string): Promise<TariffPlanContents | { error: 'unknownPlan' }> {
  const plan = await findTariffPlan(store, planName);
  const found = plan && (await readTariffPlan(store, plan.id));
  if (!found) return { error: 'unknownPlan' };
  return { plan: found.plan, rules: found.rules.map(ruleFromStored) };
}

/** Prices the account by the plan (null = the flat prices); a plan in another currency than the account's is refused. */
export async function assignTariffPlan(
  store: Store,
  login: string,
  planName: string | null,
): Promise<{ account: Account } | { error: 'unknownAccount' | 'unknownPlan' } | { error: 'currencyMismatch'; planCurrency: string; accountCurrency: string }> {
  const account = await findAccountByLogin(store, login);
  if (!account) return { error: 'unknownAccount' };
  const plan = planName === null ? null : await findTariffPlan(store, planName);
  if (plan === undefined) return { error: 'unknownPlan' };
  if (plan && plan.currency !== account.currency) {
    return { error: 'currencyMismatch', planCurrency: plan.currency, accountCurrency: account.currency };
  }
  const updated = await setAccountTariffPlan(store, login, plan ? plan.id : null);
  return updated ? { account: updated } : { error: 'unknownAccount' };
}
