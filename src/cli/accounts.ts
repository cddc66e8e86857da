// The `opensmsc account …` commands: the operator's interface to accounts, balances, API keys and allowlists.
import { Argument, Option, type Command } from 'commander';
import { DEFAULT_CONFIG } from '../config.ts';
import { formatBalance, parseMoney } from '../money.ts';
import type { Store } from '../store/database.ts';
import type { Account } from '../store/schema.ts';
import {
  createAccount,
  findAccountByLogin,
  setAllowedIps,
  setPassword,
  setLanguage,
  setTestMode,
  topUp,
  type AccountError,
} from '../core/accounts.ts';
import { createApiKey, listApiKeys, revokeApiKey } from '../core/api-keys.ts';
import { LANGUAGES, type Language } from '../numbering/number-info.ts';
import { DB_HELP, runWithStore, type OpenStoreFor, type Outcome } from './run-with-store.ts';


const PROBLEMS: Record<AccountError | 'unknownKey', string> = {
  invalidLogin: 'a login is 1 to 64 characters of A-Z a-z 0-9 . _ @ -',
  loginTaken: 'that login is taken',
  invalidPassword: 'the password must not be empty',
  invalidAmount: 'the amount must be a decimal like 100 or 12.50 (not zero; an opening balance not negative)',
  invalidCurrency: 'a currency is three capital letters, e.g. RUB',
  invalidAllowlist: 'allowed IPs are IP addresses or CIDRs separated by commas',
  invalidLanguage: `a language is one of ${LANGUAGES.join(', ')}`,
  unknownAccount: 'no account has that login',
  unknownKey: 'the account has no active API key with that id',
};

/** Adds `account create|topup|show|apikey|password|allow-ip|test-mode|language` to `program`. */
export function registerAccountCommands(program: Command, openStoreFor: OpenStoreFor): void {
  const account = program.command('account').description('manage accounts: balances, API keys, passwords, IP allowlists');
  const subcommand = (name: string, description: string) =>
    account.command(name).description(description).option('--db <db>', DB_HELP);
  const run = (command: Command, body: (store: Store) => Promise<Outcome>) => runWithStore(command, openStoreFor, body);

  subcommand('create', 'create an account and print it with its first API key (shown only once)')
    .argument('<login>', '1 to 64 characters of A-Z a-z 0-9 . _ @ -')
    .requiredOption('--password <psw>', 'the password; clients may send it or its lowercase md5')
    .option('--balance <amount>', 'opening balance, e.g. 100 or 12.50', '0')
    .option('--currency <code>', 'currency code', DEFAULT_CONFIG.currency)
    .option('--test', 'test mode: messages are accepted but neither sent nor charged')
    .option('--allow-ip <list>', 'comma-separated IPs or CIDRs allowed to use the account (default: any)')
    .addOption(new Option('--language <code>', 'language of country, operator and region names').choices(LANGUAGES).default('ru'))
    .action((login: string, opts: { password: string; balance: string; currency: string; test?: true; allowIp?: string; language: Language }, command: Command) =>
      run(command, async (store) => {
        const balanceMinor = parseMoney(opts.balance);
        if (balanceMinor === undefined) return { problem: PROBLEMS.invalidAmount };
        const created = await createAccount(store, {
          login,
          password: opts.password,
          balanceMinor,
          currency: opts.currency,
          testMode: opts.test === true,
          allowedIps: opts.allowIp,
          language: opts.language,
          now: Date.now(),
        });
        if ('error' in created) return { problem: PROBLEMS[created.error] };
        return { lines: [...describe(created.account), ['api_key', created.apiKey]] };
      }),
    );

  subcommand('topup', 'add money to an account and print the new balance; a negative amount is an adjustment')
    .argument('<login>', 'the account')
    .argument('<amount>', 'e.g. 100, 12.50 or -3')
    .action((login: string, amount: string, _opts: unknown, command: Command) =>
      run(command, async (store) => {
        const amountMinor = parseMoney(amount);
        if (amountMinor === undefined) return { problem: PROBLEMS.invalidAmount };
        const result = await topUp(store, login, amountMinor, Date.now());
        if ('error' in result) return { problem: PROBLEMS[result.error] };
        return { lines: [['login', login], ['balance', formatBalance(result.balanceMinor)]] };
      }),
    );

  subcommand('show', 'print an account and its API keys (prefixes only)')
    .argument('<login>', 'the account')
    .action((login: string, _opts: unknown, command: Command) =>
      run(command, async (store) => {
        const found = await findAccountByLogin(store, login);
        if (!found) return { problem: PROBLEMS.unknownAccount };
        const keys = await listApiKeys(store, found.id);
        const keyLines = keys.map((k): [string, string] => [
          'api_key',
          `id ${k.id}, prefix ${k.prefix}, ${k.revoked_at === null ? 'active' : 'revoked'}`,
        ]);
        return { lines: [...describe(found), ...keyLines] };
      }),
    );

  subcommand('apikey', 'create a new API key and print it (shown only once), or revoke one')
    .argument('<login>', 'the account')
    .option('--revoke <id>', 'revoke the key with this id (see `account show`) instead')
    .action((login: string, opts: { revoke?: string }, command: Command) =>
      run(command, async (store) => {
        const found = await findAccountByLogin(store, login);
        if (!found) return { problem: PROBLEMS.unknownAccount };
        if (opts.revoke === undefined) {
          const { id, key } = await createApiKey(store, found.id, Date.now());
          return { lines: [['api_key_id', String(id)], ['api_key', key]] };
        }
        if (!/^[1-9]\d{0,15}$/.test(opts.revoke)) return { problem: PROBLEMS.unknownKey };
        const revoked = await revokeApiKey(store, found.id, Number(opts.revoke), Date.now());
        if ('error' in revoked) return { problem: PROBLEMS[revoked.error] };
        return { lines: [['revoked_api_key_id', opts.revoke]] };
      }),
    );

  subcommand('password', 'set a new password (running servers accept the old one no longer)')
    .argument('<login>', 'the account')
    .argument('<new-password>', 'the new password')
    .action((login: string, password: string, _opts: unknown, command: Command) =>
      run(command, async (store) => {
        const result = await setPassword(store, login, password);
        if ('error' in result) return { problem: PROBLEMS[result.error] };
        return { lines: [['login', login], ['password', 'changed']] };
      }),
    );

  subcommand('allow-ip', "set the IPs or CIDRs allowed to use the account; '' allows any")
    .argument('<login>', 'the account')
    .argument('<list>', 'comma-separated, e.g. 203.0.113.7,10.0.0.0/8,2001:db8::/32')
    .action((login: string, list: string, _opts: unknown, command: Command) =>
      run(command, async (store) => {
        const result = await setAllowedIps(store, login, list);
        if ('error' in result) return { problem: PROBLEMS[result.error] };
        return { lines: [['login', login], ['allowed_ips', allowedIps(result.account)]] };
      }),
    );

  subcommand('test-mode', 'turn test mode (virtual sending, nothing charged) on or off')
    .argument('<login>', 'the account')
    .addArgument(new Argument('<state>', 'on or off').choices(['on', 'off']))
    .action((login: string, state: 'on' | 'off', _opts: unknown, command: Command) =>
      run(command, async (store) => {
        const result = await setTestMode(store, login, state === 'on');
        if ('error' in result) return { problem: PROBLEMS[result.error] };
        return { lines: [['login', login], ['test_mode', state]] };
      }),
    );

  subcommand('language', 'set the language of country, operator and region names in answers (history, operator lookups, tariffs)')
    .argument('<login>', 'the account')
    .addArgument(new Argument('<language>', 'a language code').choices(LANGUAGES))
    .action((login: string, language: Language, _opts: unknown, command: Command) =>
      run(command, async (store) => {
        const result = await setLanguage(store, login, language);
        if ('error' in result) return { problem: PROBLEMS[result.error] };
        return { lines: [['login', login], ['language', language]] };
      }),
    );
}

function describe(account: Account): [string, string][] {
  return [
    ['login', account.login],
    ['balance', formatBalance(account.balance_minor)],
    ['currency', account.currency],
    ['test_mode', account.test_mode === 1 ? 'on' : 'off'],
    ['allowed_ips', allowedIps(account)],
    ['language', account.language],
  ];
}

function allowedIps(account: Account): string {
  return account.allowed_ips === '' ? 'any' : account.allowed_ips;
}
