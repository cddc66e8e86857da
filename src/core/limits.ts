// Every SMSC request limit of one node, in memory: IP blocks, identical-request windows, concurrency (spec §2, §15).
// Exact counters of our own rather than rate-limiter-flexible: its memory limiter counts in fixed windows opened by
// the first hit, while the spec's rules are rolling ("N within a minute"), "the last N failures" and "N in a row",
// and a refunded ticket must give back exactly the slot it took. Timestamps come from an injectable monotonic clock.
import type { LimitsConfig } from '../config.ts';
import type { SmscErrorName } from '../wire/types.ts';
import { BoundedMap } from '../bounded-map.ts';

/** A per-key request limit answered with error 9: N requests per key in any rolling minute. */
export type LimitRule =
  | 'identicalSend'
  | 'identicalCostQuery'
  | 'statusPerMessage'
  | 'statusMass'
  | 'balance'
  | 'identicalHistory'
  | 'history'
  | 'identicalPrice'
  | 'identicalOperator'
  | 'operator';

/** A slot taken under a LimitRule; `refund()` gives it back and is idempotent. */
export interface Ticket {
  refund(): void;
}

/** Which concurrency ceiling a request counts against; a status request counts against both. */
export type ConcurrencyScope = 'any' | 'status';

/** Each rule: the config threshold it reads, its rolling window, and its error (spec §15). */
const RULES: Record<LimitRule, { threshold: keyof LimitsConfig; windowMs: number; error: SmscErrorName }> = {
  identicalSend: { threshold: 'identicalSendsPerMinute', windowMs: 60_000, error: 'duplicateRequest' }, // spec §3.7
  identicalCostQuery: { threshold: 'identicalCostQueriesPerMinute', windowMs: 60_000, error: 'duplicateRequest' }, // spec §3.7
  statusPerMessage: { threshold: 'statusPerMessagePerMinute', windowMs: 60_000, error: 'duplicateRequest' }, // spec §4.5
  statusMass: { threshold: 'statusMassPerMinute', windowMs: 60_000, error: 'duplicateRequest' }, // spec §4.5
  balance: { threshold: 'balancePerMinute', windowMs: 60_000, error: 'duplicateRequest' }, // spec §5
  identicalHistory: { threshold: 'identicalHistoryPerMinute', windowMs: 60_000, error: 'duplicateRequest' }, // seed page
  history: { threshold: 'historyPerHour', windowMs: 3_600_000, error: 'tooManyRequests' }, // seed page: 30 an hour
  identicalPrice: { threshold: 'identicalPriceQueriesPerMinute', windowMs: 60_000, error: 'duplicateRequest' }, // spec §6.4
  identicalOperator: { threshold: 'identicalOperatorQueriesPerMinute', windowMs: 60_000, error: 'duplicateRequest' }, // spec §6.5
  operator: { threshold: 'operatorQueriesPerMinute', windowMs: 60_000, error: 'tooManyRequests' }, // spec §6.5: 100 a minute
};

/** How often expired entries are swept, driven by traffic so no timer has to keep the process alive. */
const SWEEP_INTERVAL_MS = 60_000;

/** Keys remembered per rule: stops a client spraying distinct requests from growing memory without bound.
 *  Past it the least recently used key is forgotten, which can only let one extra request through. */
export const MAX_TRACKED_REQUEST_KEYS = 50_000;

/** IPs remembered per block reason (and blocks held): stops an attacker cycling source addresses (an IPv6 /64
 *  is 2^64 of them) from growing memory without bound. Past it the least recent IP is forgotten (fails open). */
export const MAX_TRACKED_IPS = 20_000;

/** The SMSC error a refused rule answers with: error 9 for all of them (spec §3.7, §4.5, §5, seed page). */
export function errorFor(rule: LimitRule): SmscErrorName {
  return RULES[rule].error;
}

/** One reason to block an IP: `count` events inside `windowMs` block it for `blockMs` (spec §2). */
interface BlockReason {
  /** Per IP: times of its counted events inside the window, oldest first; never more than `count`. */
  events: BoundedMap<string, number[]>;
  count: number;
  windowMs: number;
  blockMs: number;
}

/** In-memory limits of one node; a check costs at most its threshold, a sweep is linear in the tracked keys. */
export class Limits {
  readonly #config: LimitsConfig;
  readonly #now: () => number;
  /** Per rule and key: times of the counted requests inside the rule's window, oldest first. */
  readonly #requests = Object.fromEntries(Object.keys(RULES).map((rule) => [rule, new BoundedMap(MAX_TRACKED_REQUEST_KEYS)])) as Record<LimitRule, BoundedMap<string, number[]>>;
  /** 5 failed logins within 30 min block for 30 min (spec §2, FAQ 99). */
  readonly #failedLogins: BlockReason;
  /** 100 erroneous sends in a row within 10 min block for 10 min; the events are the current run (spec §2). */
  readonly #erroneousSends: BlockReason;
  readonly #blockedUntil = new BoundedMap<string, number>(MAX_TRACKED_IPS);
  /** Requests in flight per login; bounded by open requests, and an entry goes when its last request ends. */
  readonly #inFlight = new Map<string, { any: number; status: number }>();
  #nextSweepAt: number;

  /** `now` returns milliseconds; the default is monotonic, so a wall-clock step cannot stretch a block. */
  constructor(config: LimitsConfig, now: () => number = () => performance.now()) {
    this.#config = config;
    this.#now = now;
    this.#failedLogins = {
      events: new BoundedMap(MAX_TRACKED_IPS),
      count: config.failedLoginsToBlock,
      windowMs: config.failedLoginWindowSeconds * 1000,
      blockMs: config.failedLoginBlockSeconds * 1000,
    };
    this.#erroneousSends = {
      events: new BoundedMap(MAX_TRACKED_IPS),
      count: config.erroneousSendsToBlock,
      windowMs: config.erroneousSendWindowSeconds * 1000,
      blockMs: config.erroneousSendBlockSeconds * 1000,
    };
    this.#nextSweepAt = now() + SWEEP_INTERVAL_MS;
  }

  /** True while the IP is blocked; the caller answers error 4 (spec §2). */
  isBlocked(ip: string): boolean {
    const until = this.#blockedUntil.get(ip);
    if (until === undefined) return false;
    if (this.#now() < until) return true;
    this.#blockedUntil.delete(ip);
    return false;
  }

  /** Counts a failed login from a non-allowlisted IP; the Nth within the window blocks the IP (spec §2, FAQ 99). */
  recordFailedLogin(ip: string): void {
    this.#countTowardsBlock(this.#failedLogins, ip);
  }

  /** Counts a send result; N erroneous sends in a row, the oldest within the window, block the IP (spec §2). */
  recordSendResult(ip: string, erroneous: boolean): void {
    // A successful send breaks the run: the rule is "in a row" (spec §2).
    if (!erroneous) {
      this.#erroneousSends.events.delete(ip);
      return;
    }
    this.#countTowardsBlock(this.#erroneousSends, ip);
  }

  /** Takes a slot under `rule` for `key` (the caller's, e.g. login + request digest); undefined = error 9. */
  take(rule: LimitRule, key: string): Ticket | undefined {
    const now = this.#tick();
    const log = touch(this.#requests[rule], key);
    const { threshold, windowMs } = RULES[rule];
    prune(log, now, windowMs);
    // A refused request takes no slot, so a client retrying inside the window is let in once it has passed.
    if (log.length >= this.#config[threshold]) return undefined;
    log.push(now);
    let refunded = false;
    return {
      refund: () => {
        if (refunded) return;
        refunded = true;
        // A log swept or evicted since is detached, so this changes nothing; equal timestamps are interchangeable.
        const at = log.indexOf(now);
        if (at >= 0) log.splice(at, 1);
      },
    };
  }

  /** Admits a request of the login, returning its idempotent release; undefined = error 9 (spec §3.2, §4.5). */
  enter(accountKey: string, scope: ConcurrencyScope): (() => void) | undefined {
    this.#tick();
    const c = this.#config;
    const counts = this.#inFlight.get(accountKey) ?? { any: 0, status: 0 };
    const isStatus = scope === 'status';
    // "15+ simultaneous requests" answer error 9, so the 15th is refused and at most 14 run (spec §3.2);
    // for status.php "5+" (spec §4.5), and a status request also counts towards the login's total.
    if (counts.any + 1 >= c.concurrentPerLogin) return undefined;
    if (isStatus && counts.status + 1 >= c.concurrentStatusPerLogin) return undefined;
    counts.any++;
    if (isStatus) counts.status++;
    this.#inFlight.set(accountKey, counts);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      counts.any--;
      if (isStatus) counts.status--;
      if (counts.any === 0) this.#inFlight.delete(accountKey);
    };
  }

  /** Forgets expired windows, runs and blocks; also runs by itself at most once a minute as requests arrive. */
  sweep(): void {
    const now = this.#now();
    this.#nextSweepAt = now + SWEEP_INTERVAL_MS;
    for (const [rule, logs] of Object.entries(this.#requests)) dropExpired(logs, now, RULES[rule as LimitRule].windowMs);
    for (const { events, windowMs } of [this.#failedLogins, this.#erroneousSends]) dropExpired(events, now, windowMs);
    for (const [ip, until] of this.#blockedUntil) if (now >= until) this.#blockedUntil.delete(ip);
  }

  /** Sizes for metrics: keys held in memory (all tables) and IPs blocked right now. */
  stats(): { trackedKeys: number; blockedIps: number } {
    const now = this.#now();
    let blockedIps = 0;
    for (const until of this.#blockedUntil.values()) if (now < until) blockedIps++;
    const tables = [...Object.values(this.#requests), this.#failedLogins.events, this.#erroneousSends.events];
    let trackedKeys = this.#blockedUntil.size + this.#inFlight.size;
    for (const table of tables) trackedKeys += table.size;
    return { trackedKeys, blockedIps };
  }

  /** Records one event of `reason` from the IP, blocking the IP when it completes the reason's count. */
  #countTowardsBlock({ events, count, windowMs, blockMs }: BlockReason, ip: string): void {
    const now = this.#tick();
    // A blocked IP's requests are refused before they can fail, so nothing counts until the block ends.
    if (this.isBlocked(ip)) return;
    const log = touch(events, ip);
    log.push(now);
    // Block once `count` events are inside the window; the log never holds more, as reaching it empties the log.
    prune(log, now, windowMs);
    if (log.length < count) return;
    // Counters for this reason start fresh when the block ends.
    events.delete(ip);
    this.#blockedUntil.set(ip, now + blockMs);
  }

  /** Reads the clock and sweeps when a sweep is due. */
  #tick(): number {
    const now = this.#now();
    if (now >= this.#nextSweepAt) this.sweep();
    return now;
  }
}

/** Returns key's log (empty when new), moved to the recent end of the table: the least recently used key goes first. */
function touch(logs: BoundedMap<string, number[]>, key: string): number[] {
  const log = logs.get(key) ?? [];
  logs.set(key, log);
  return log;
}

/** Drops the times that left the window; an event at t counts while now - t < window. */
function prune(log: number[], now: number, windowMs: number): void {
  let expired = 0;
  for (const at of log) {
    if (now - at < windowMs) break;
    expired++;
  }
  if (expired > 0) log.splice(0, expired);
}

/** Prunes every log and forgets the keys left empty. */
function dropExpired(logs: BoundedMap<string, number[]>, now: number, windowMs: number): void {
  for (const [key, log] of logs) {
    prune(log, now, windowMs);
    if (log.length === 0) logs.delete(key);
  }
}
