// Authentication of API requests (spec §2): password or API key, then the account's IP allowlist, with a short cache.
import { hash, randomBytes } from 'node:crypto';
import type { Store } from '../store/database.ts';
import type { Account } from '../store/schema.ts';
import type { Credentials } from '../wire/types.ts';
import { findAccountById, findAccountByLogin } from './accounts.ts';
import { findAccountByApiKey } from './api-keys.ts';
import { allowlistContains } from './ip-allowlist.ts';
import { hashPassword, verifyPassword } from './passwords.ts';
import { BoundedMap } from '../bounded-map.ts';

// Only verified credentials are cached, but one client may rotate passwords or md5/plain forms across many
// accounts; the cap keeps memory bounded whatever clients do.
const MAX_CACHED_CREDENTIALS = 10_000;

/** A cached credential's account row is read again after this long: what another process changes shows within it. */
const ACCOUNT_REREAD_MS = 1_000;

/** The authenticated account, or error 2; `exemptFromBlocking` spares allowlisted IPs the failed-login block. */
export type AuthResult = { account: Account } | { error: 'authorise'; exemptFromBlocking: boolean };

interface CachedCredential {
  /**
   * The account as last read; its password_hash is the one the password was verified against, so a row read with
   * another hash (a password change anywhere) ends the entry. Its balance is not kept current: currentBalanceMinor.
   */
  account: Account;
  readAt: number;
  expiresAt: number;
}

/** How long verified passwords stay cached; `now` (Unix ms) and the cap are for tests. */
export interface AuthenticatorOptions {
  cacheSeconds: number;
  now?: () => number;
  maxCachedCredentials?: number;
}

/** Checks SMSC credentials against the store, caching verified passwords so the slow hash runs rarely. */
export class Authenticator {
  /** Slow password verifications run, and requests answered from the cache. */
  readonly stats = { hashChecks: 0, cacheHits: 0 };
  readonly #store: Store;
  readonly #cacheMs: number;
  readonly #now: () => number;
  // Keyed by sha256(login \0 password), never the password. API keys are not cached: their lookup is one
  // indexed query either way, and so a revoked key stops working at once in every process.
  readonly #cache: BoundedMap<string, CachedCredential>;
  /** Slow verifications in progress, by cache key; bounded by the requests in flight. */
  readonly #verifying = new Map<string, Promise<{ account: Account } | { wrongPassword?: Account }>>();
  /** A hash of no one's password, checked for unknown logins (made on first need). */
  #unknownLoginHash: Promise<string> | undefined;

  constructor(store: Store, options: AuthenticatorOptions) {
    this.#store = store;
    this.#cacheMs = options.cacheSeconds * 1000;
    this.#now = options.now ?? Date.now;
    this.#cache = new BoundedMap(options.maxCachedCredentials ?? MAX_CACHED_CREDENTIALS);
  }

  /** Authenticates one request from `ip`. */
  async authenticate(credentials: Credentials, ip: string): Promise<AuthResult> {
    if (credentials.kind === 'apiKey') {
      const account = await findAccountByApiKey(this.#store, credentials.apiKey);
      return account ? checkIp(account, ip) : { error: 'authorise', exemptFromBlocking: false };
    }
    const cacheKey = hash('sha256', `${credentials.login}\0${credentials.password}`, 'hex');
    const cached = await this.#fromCache(cacheKey);
    if (cached) return checkIp(cached, ip);
    // Requests with the same credentials that miss the cache together (every client's connections, each time its
    // entry expires) share one slow hash: 16 MiB and tens of milliseconds of scrypt each (bench/README.md).
    let verifying = this.#verifying.get(cacheKey);
    if (!verifying) {
      verifying = this.#verify(credentials, cacheKey).finally(() => this.#verifying.delete(cacheKey));
      this.#verifying.set(cacheKey, verifying);
    }
    const verified = await verifying;
    if ('account' in verified) return checkIp(verified.account, ip);
    return { error: 'authorise', exemptFromBlocking: verified.wrongPassword !== undefined && isAllowlisted(verified.wrongPassword, ip) };
  }

  /** Checks a login and password with the slow hash; remembers them when they match. */
  async #verify(credentials: Extract<Credentials, { kind: 'password' }>, cacheKey: string): Promise<{ account: Account } | { wrongPassword?: Account }> {
    const account = await findAccountByLogin(this.#store, credentials.login);
    this.stats.hashChecks++;
    if (!account) {
      // An unknown login costs the same slow hash as a wrong password, so timing does not tell which logins exist.
      this.#unknownLoginHash ??= hashPassword(randomBytes(16).toString('hex'));
      await verifyPassword(credentials.password, await this.#unknownLoginHash);
      return {};
    }
    if (!(await verifyPassword(credentials.password, account.password_hash))) return { wrongPassword: account };
    this.#remember(cacheKey, account);
    return { account };
  }

  /** Drops the account's cached credentials, e.g. after its password changed in this process. */
  forgetAccount(accountId: number): void {
    for (const [key, entry] of this.#cache) {
      if (entry.account.id === accountId) this.#cache.delete(key);
    }
  }

  async #fromCache(cacheKey: string): Promise<Account | undefined> {
    const entry = this.#cache.get(cacheKey);
    if (!entry) return undefined;
    const now = this.#now();
    if (entry.expiresAt <= now) {
      this.#cache.delete(cacheKey);
      return undefined;
    }
    // One read a second per credential instead of one per request (a read costs more than the rest of the check).
    if (now - entry.readAt >= ACCOUNT_REREAD_MS) {
      const account = await findAccountById(this.#store, entry.account.id);
      if (!account || account.password_hash !== entry.account.password_hash) {
        this.#cache.delete(cacheKey);
        return undefined;
      }
      entry.account = account;
      entry.readAt = now;
    }
    this.stats.cacheHits++;
    return entry.account;
  }

  #remember(cacheKey: string, account: Account): void {
    if (this.#cacheMs <= 0) return;
    const now = this.#now();
    this.#cache.set(cacheKey, { account, readAt: now, expiresAt: now + this.#cacheMs });
  }
}

function checkIp(account: Account, ip: string): AuthResult {
  if (account.allowed_ips === '' || allowlistContains(account.allowed_ips, ip)) return { account };
  // Spec §2: a request from an IP outside the allowlist is error 2, like a wrong password.
  return { error: 'authorise', exemptFromBlocking: false };
}

function isAllowlisted(account: Account, ip: string): boolean {
  return account.allowed_ips !== '' && allowlistContains(account.allowed_ips, ip);
}
