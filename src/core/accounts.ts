// The account service: creating accounts, top-ups through the ledger, and the settings an operator changes.
import type { Store } from '../store/database.ts';
import type { Account } from '../store/schema.ts';
import { createApiKey } from './api-keys.ts';
import { normaliseAllowlist } from './ip-allowlist.ts';
import { hashPassword } from './passwords.ts';
import { appendLedger } from '../store/ledger.ts';
import { preparedQuery, type SlotOf } from '../store/prepared-query.ts';
import { LANGUAGES, type Language } from '../numbering/number-info.ts';

function isLanguage(value: string): value is Language {
  return (LANGUAGES as readonly string[]).includes(value);
}

/** The language of the account's country, operator and region names. */
export function languageOf(account: Account): Language {
  return isLanguage(account.language) ? account.language : 'ru';
}

const LOGIN = /^[A-Za-z0-9._@-]{1,64}$/;
const CURRENCY = /^[A-Z]{3}$/;

/** What a new account starts with; money in minor units, times in Unix milliseconds. */
export interface NewAccount {
  login: string;
  password: string;
  balanceMinor?: number;
  currency: string;
  testMode?: boolean;
  /** Comma-separated IPs or CIDRs; empty or absent = any. */
  allowedIps?: string;
  /** Language of country, operator and region names; Russian when absent. */
  language?: Language;
  now: number;
}

/** Why an account could not be created or changed. */
export type AccountError =
  | 'invalidLogin'
  | 'loginTaken'
  | 'invalidPassword'
  | 'invalidAmount'
  | 'invalidCurrency'
  | 'invalidAllowlist'
  | 'invalidLanguage'
  | 'unknownAccount';

/** An account, or the reason the operation on it failed. */
export type AccountResult<E extends AccountError> = { account: Account } | { error: E };

/** Creates an account and its first API key; the opening balance is a 'topup' ledger entry. */
export async function createAccount(
  store: Store,
  input: NewAccount,
): Promise<{ account: Account; apiKey: string } | { error: Exclude<AccountError, 'unknownAccount'> }> {
  if (!LOGIN.test(input.login)) return { error: 'invalidLogin' };
  if (input.password === '') return { error: 'invalidPassword' };
  const balance = input.balanceMinor ?? 0;
  if (!Number.isSafeInteger(balance) || balance < 0) return { error: 'invalidAmount' };
  if (!CURRENCY.test(input.currency)) return { error: 'invalidCurrency' };
  const allowlist = normaliseAllowlist(input.allowedIps ?? '');
  if ('error' in allowlist) return { error: allowlist.error };
  const language = input.language ?? 'ru';
  if (!isLanguage(language)) return { error: 'invalidLanguage' };
  const passwordHash = await hashPassword(input.password);

  return store.db.transaction().execute(async (trx) => {
    const taken = await trx.selectFrom('accounts').select('id').where('login', '=', input.login).executeTakeFirst();
    if (taken) return { error: 'loginTaken' as const };
    const account = await trx
      .insertInto('accounts')
      .values({
        login: input.login,
        password_hash: passwordHash,
        balance_minor: balance,
        currency: input.currency,
        test_mode: input.testMode ? 1 : 0,
        allowed_ips: allowlist.allowlist,
        tz_offset_hours: 0,
        next_msg_id: 1,
        language,
        created_at: input.now,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    if (balance !== 0) {
      await appendLedger(trx, [{ account_id: account.id, kind: 'topup', amount_minor: balance, int_id: null, created_at: input.now }]);
    }
    const { key } = await createApiKey({ db: trx }, account.id, input.now);
    return { account, apiKey: key };
  });
}

/** Adds `amountMinor` to the balance ('topup'; negative is an 'adjust'), and returns the new balance. */
export async function topUp(
  store: Store,
  login: string,
  amountMinor: number,
  now: number,
): Promise<{ balanceMinor: number } | { error: 'unknownAccount' | 'invalidAmount' }> {
  if (!Number.isSafeInteger(amountMinor) || amountMinor === 0) return { error: 'invalidAmount' };
  return store.db.transaction().execute(async (trx) => {
    const row = await trx
      .updateTable('accounts')
      .set((eb) => ({ balance_minor: eb('balance_minor', '+', amountMinor) }))
      .where('login', '=', login)
      .returning(['id', 'balance_minor'])
      .executeTakeFirst();
    if (!row) return { error: 'unknownAccount' as const };
    await appendLedger(trx, [{ account_id: row.id, kind: amountMinor > 0 ? 'topup' : 'adjust', amount_minor: amountMinor, int_id: null, created_at: now }]);
    return { balanceMinor: row.balance_minor };
  });
}

/** The account with this login, if any. */
export async function findAccountByLogin(store: Store, login: string): Promise<Account | undefined> {
  return store.db.selectFrom('accounts').selectAll().where('login', '=', login).executeTakeFirst();
}

// Read by authentication (auth.ts) and for every balance shown, so prepared.
const accountById = preparedQuery((db, slot: SlotOf<{ id: number }>) => db.selectFrom('accounts').selectAll().where('id', '=', slot((a) => a.id)));

/** The account with this id, if any. */
export async function findAccountById(store: Store, id: number): Promise<Account | undefined> {
  return (await accountById.run(store.db, { id })).rows[0];
}

/** The balance as stored now: an authenticated account row may be up to a second old (auth.ts). */
export async function currentBalanceMinor(store: Store, account: Account): Promise<number> {
  return (await findAccountById(store, account.id))?.balance_minor ?? account.balance_minor;
}

/** Replaces the password; sessions verified with the old one stop working (see Authenticator). */
export async function setPassword(
  store: Store,
  login: string,
  password: string,
): Promise<AccountResult<'unknownAccount' | 'invalidPassword'>> {
  if (password === '') return { error: 'invalidPassword' };
  return updateAccount(store, login, { password_hash: await hashPassword(password) });
}

/** Turns virtual sending on or off (spec §12.1). */
export async function setTestMode(store: Store, login: string, on: boolean): Promise<AccountResult<'unknownAccount'>> {
  return updateAccount(store, login, { test_mode: on ? 1 : 0 });
}

/** Replaces the IP allowlist (comma-separated IPs or CIDRs; empty = any). */
export async function setAllowedIps(
  store: Store,
  login: string,
  allowedIps: string,
): Promise<AccountResult<'unknownAccount' | 'invalidAllowlist'>> {
  const allowlist = normaliseAllowlist(allowedIps);
  if ('error' in allowlist) return { error: allowlist.error };
  return updateAccount(store, login, { allowed_ips: allowlist.allowlist });
}

/** Sets the language of country, operator and region names in the account's answers. */
export async function setLanguage(store: Store, login: string, language: string): Promise<AccountResult<'unknownAccount' | 'invalidLanguage'>> {
  if (!isLanguage(language)) return { error: 'invalidLanguage' };
  return updateAccount(store, login, { language });
}

async function updateAccount(
  store: Store,
  login: string,
  values: Partial<Pick<Account, 'password_hash' | 'test_mode' | 'allowed_ips' | 'language'>>,
): Promise<AccountResult<'unknownAccount'>> {
  const account = await store.db.updateTable('accounts').set(values).where('login', '=', login).returningAll().executeTakeFirst();
  return account ? { account } : { error: 'unknownAccount' };
}
