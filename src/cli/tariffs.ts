// The `opensmsc tariff …` commands: the operator's interface to tariff plans, their rules and who is priced by them.
import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { DEFAULT_CONFIG } from '../config.ts';
import { formatBalance, parseMoney } from '../money.ts';
import {
  assignTariffPlan,
  createTariffPlan,
  importTariffCsv,
  readTariffPlanByName,
  removeTariffRule,
  setTariffRule,
  type TariffPlanError,
} from '../core/tariff-plans.ts';
import type { TariffCsvProblem } from '../core/tariff-csv.ts';
import type { TariffRuleError, TariffRuleKey } from '../core/tariff-rules.ts';
import { tariffZones } from '../core/tariff-zones.ts';
import { TARIFF_TYPES } from '../core/tariffs.ts';
import { DB_HELP, runWithStore, type OpenStoreFor } from './run-with-store.ts';

interface RuleFlags {
  type: string;
  country?: string;
  mccmnc?: string;
}

const PROBLEMS: Record<TariffPlanError | TariffRuleError | Exclude<TariffCsvProblem['error'], TariffRuleError>, string> = {
  invalidPlanName: "a plan name is 1 to 64 characters of A-Z a-z 0-9 . _ - (and not 'none')",
  planNameTaken: 'a plan with that name exists',
  invalidCurrency: 'a currency is three capital letters, e.g. RUB',
  unknownPlan: 'no tariff plan has that name',
  unknownRule: 'the plan has no rule with that type, country and mccmnc',
  unknownAccount: 'no account has that login',
  unknownType: `a type is one of ${TARIFF_TYPES.join(', ')}`,
  invalidCountry: 'a country is a two-letter ISO 3166 code such as RU, or * for any',
  invalidMccmnc: 'an mccmnc is the 5 or 6 digits of MCC and MNC, e.g. 25001, or * for any',
  invalidPrice: 'a price is a decimal like 1.40 or 2, not negative',
  mailByDestination: 'an e-mail has no country or operator, so a mail rule names neither',
  csvHeader: 'the first line must be the header type;country;mccmnc;price (or the same with commas)',
  csvColumns: 'a line has four fields: type;country;mccmnc;price',
  duplicateRule: 'the same type, country and mccmnc as an earlier line',
};

/** Adds `tariff create|set|remove|import|show|assign` to `program`. */
export function registerTariffCommands(program: Command, openStoreFor: OpenStoreFor): void {
  const tariff = program.command('tariff').description('manage tariff plans: prices by message type, country and operator, and the accounts they price');
  const subcommand = (name: string, description: string) => tariff.command(name).description(description).option('--db <db>', DB_HELP);
  const ruleOptions = (command: Command) =>
    command
      .requiredOption('--type <type>', TARIFF_TYPES.join(', '))
      .option('--country <code>', 'ISO 3166 alpha-2 code, e.g. RU (default: any)')
      .option('--mccmnc <code>', 'MCC and MNC of an operator, e.g. 25001 (default: any)');

  subcommand('create', 'create an empty tariff plan in one currency')
    .argument('<name>', '1 to 64 characters of A-Z a-z 0-9 . _ -')
    .option('--currency <code>', 'currency of its prices; only accounts in it can use the plan', DEFAULT_CONFIG.currency)
    .action((name: string, opts: { currency: string }, command: Command) =>
      runWithStore(command, openStoreFor, async (store) => {
        const created = await createTariffPlan(store, { name, currency: opts.currency, now: Date.now() });
        if ('error' in created) return { problem: PROBLEMS[created.error] };
        return { lines: [['plan', created.plan.name], ['currency', created.plan.currency]] };
      }),
    );

  ruleOptions(subcommand('set', 'set the price of one SMS segment (one e-mail for mail) of a type to a destination'))
    .argument('<plan>', 'the plan')
    .requiredOption('--price <amount>', 'e.g. 1.40')
    .action((plan: string, opts: RuleFlags & { price: string }, command: Command) =>
      runWithStore(command, openStoreFor, async (store) => {
        const priceMinor = parseMoney(opts.price);
        if (priceMinor === undefined) return { problem: PROBLEMS.invalidPrice };
        const set = await setTariffRule(store, plan, { ...opts, priceMinor });
        if ('error' in set) return { problem: PROBLEMS[set.error] };
        return { lines: [['plan', plan], ...describeKey(set.rule), ['price', formatBalance(set.rule.priceMinor)]] };
      }),
    );

  ruleOptions(subcommand('remove', 'remove the rule with exactly this type, country and mccmnc'))
    .argument('<plan>', 'the plan')
    .action((plan: string, opts: RuleFlags, command: Command) =>
      runWithStore(command, openStoreFor, async (store) => {
        const removed = await removeTariffRule(store, plan, opts);
        if ('error' in removed) return { problem: PROBLEMS[removed.error] };
        return { lines: [['plan', plan], ...describeKey(removed.removed), ['removed', 'yes']] };
      }),
    );

  subcommand('import', "replace all rules of a plan with a CSV file's, at once; a bad line changes nothing")
    .argument('<plan>', 'the plan')
    .argument('<file>', "CSV with the header type;country;mccmnc;price (or commas); '' or * = any")
    .action((plan: string, file: string, _opts: unknown, command: Command) =>
      runWithStore(command, openStoreFor, async (store) => {
        const imported = await importTariffCsv(store, plan, await readFile(file, 'utf8'));
        if (!('error' in imported)) return { lines: [['plan', plan], ['rules', String(imported.rules.length)]] };
        if (!('line' in imported)) return { problem: PROBLEMS[imported.error] };
        const repeated = imported.error === 'duplicateRule' ? ` (line ${imported.firstLine})` : '';
        return { problem: `${file} line ${imported.line}: ${PROBLEMS[imported.error]}${repeated}; the plan is unchanged` };
      }),
    );

  subcommand('show', 'print a plan and its rules as a table, grouped by destination')
    .argument('<plan>', 'the plan')
    .action((plan: string, _opts: unknown, command: Command) =>
      runWithStore(command, openStoreFor, async (store) => {
        const found = await readTariffPlanByName(store, plan);
        if ('error' in found) return { problem: PROBLEMS[found.error] };
        const rows = tariffZones(found.rules, 'en').flatMap((zone) =>
          TARIFF_TYPES.filter((type) => zone.prices.has(type)).map((type) => [
            type,
            zone.country || '*',
            zone.mccmnc || '*',
            formatBalance(zone.prices.get(type)!),
            zone.name,
          ]),
        );
        const header = `plan: ${found.plan.name}\ncurrency: ${found.plan.currency}\n`;
        return { text: header + alignColumns([['type', 'country', 'mccmnc', 'price', 'name'], ...rows]) };
      }),
    );

  subcommand('assign', "price an account by a plan in the account's currency, or by the flat prices with none")
    .argument('<login>', 'the account')
    .argument('<plan>', "the plan, or 'none' for the configured flat prices")
    .action((login: string, plan: string, _opts: unknown, command: Command) =>
      runWithStore(command, openStoreFor, async (store) => {
        const assigned = await assignTariffPlan(store, login, plan === 'none' ? null : plan);
        if ('planCurrency' in assigned) {
          return { problem: `plan ${plan} is in ${assigned.planCurrency} but the account is in ${assigned.accountCurrency}` };
        }
        if ('error' in assigned) return { problem: PROBLEMS[assigned.error] };
        return { lines: [['login', login], ['tariff_plan', plan]] };
      }),
    );
}

function describeKey(key: TariffRuleKey): [string, string][] {
  return [
    ['type', key.type],
    ['country', key.country || 'any'],
    ['mccmnc', key.mccmnc || 'any'],
  ];
}

/** Rows as lines with each column padded to its widest cell; the last column is not padded. */
function alignColumns(rows: string[][]): string {
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  return rows.map((row) => `${row.map((cell, column) => (column === row.length - 1 ? cell : cell.padEnd(widths[column]!))).join('  ')}\n`).join('');
}
