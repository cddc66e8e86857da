// The one typed configuration: defaults, then a JSON file, then environment, then flags; validated at start.
import { readFileSync } from 'node:fs';
import { parseMoney } from './money.ts';
import { isFailure } from './result.ts';
import { normaliseAllowlist } from './core/ip-allowlist.ts';
import type { ConnectorConfig, RouteRule } from './delivery/connector-config.ts';
import { DEFAULT_DELIVERY, parseDeliveryConfig } from './delivery/delivery-config.ts';

/** Thresholds of the SMSC limits (spec §15); every one answers error 9 or 4 when exceeded. */
export interface LimitsConfig {
  /** Identical accepted send requests allowed per minute (spec §3.7: one). */
  identicalSendsPerMinute: number;
  /** Identical cost=1 requests allowed per minute (spec §3.7: five). */
  identicalCostQueriesPerMinute: number;
  /** Status requests for one message allowed per minute (spec §4.5: five). */
  statusPerMessagePerMinute: number;
  /** Multi-message status requests allowed per minute (spec §4.2: one). */
  statusMassPerMinute: number;
  /** Balance requests allowed per minute (spec §5: ten). */
  balancePerMinute: number;
  /** Identical history requests allowed per minute (seed page: three). */
  identicalHistoryPerMinute: number;
  /** History requests of one login allowed per hour (seed page: thirty). */
  historyPerHour: number;
  /** Identical tariff (get_price) requests allowed per minute (spec §6.4: three). */
  identicalPriceQueriesPerMinute: number;
  /** Identical operator lookups (info.php get_operator) allowed per minute (spec §6.5: three). */
  identicalOperatorQueriesPerMinute: number;
  /** Operator lookups of one login allowed per minute (spec §6.5: one hundred). */
  operatorQueriesPerMinute: number;
  /** Concurrent requests per login at which error 9 starts (spec §3.2: 15). */
  concurrentPerLogin: number;
  /** Concurrent status requests per login at which error 9 starts (spec §4.5: 5). */
  concurrentStatusPerLogin: number;
  /** Failed logins from one IP that block it (spec §2: 5 in 30 min block for 30 min). */
  failedLoginsToBlock: number;
  failedLoginWindowSeconds: number;
  failedLoginBlockSeconds: number;
  /** Erroneous send requests in a row from one IP that block it (spec §2: 100 in 10 min for 10 min). */
  erroneousSendsToBlock: number;
  erroneousSendWindowSeconds: number;
  erroneousSendBlockSeconds: number;
}

/** Built-in carrier simulator timings (the default route). */
export interface SimulatorConfig {
  /** Delay before a queued message is accepted by the simulated carrier (status 0). */
  submitDelayMs: number;
  /** Delay between acceptance and the delivery receipt (final status). */
  receiptDelayMs: number;
}

export interface Config {
  host: string;
  port: number;
  /** A file path for SQLite or a postgres:// URL. */
  db: string;
  /** SQLite synchronous pragma: FULL survives power loss, NORMAL survives a process crash. */
  sqliteSynchronous: 'NORMAL' | 'FULL';
  /** Largest request body accepted, in bytes. */
  bodyLimitBytes: number;
  /** PEM certificate (chain) and private key files; both set = the API speaks HTTPS only, both '' = plain HTTP. */
  tlsCertFile: string;
  tlsKeyFile: string;
  /** A client must finish its request headers within this time, or it is cut off with 408 (slowloris). */
  headersTimeoutMs: number;
  /** A client must finish its whole request, body included, within this time, or it is cut off with 408. */
  requestTimeoutMs: number;
  /** An idle keep-alive connection is closed after this time. */
  keepAliveTimeoutMs: number;
  /** Reverse proxies whose X-Forwarded-For names the client: comma-separated IPs or CIDRs; '' = trust none. */
  trustProxy: string;
  /** Currency code of new accounts (balance.php cur=1). */
  currency: string;
  /** Flat price of one SMS segment, in minor units (real tariffs come later). */
  smsSegmentPriceMinor: number;
  /** Flat price of one e-mail message, in minor units. */
  emailPriceMinor: number;
  /** Number prefixes that cannot be delivered at all (no route, stop-list): status 25, or error 8 (spec §3.2). */
  undeliverablePrefixes: string[];
  /** Sender shown when a request names none ('' = the carrier's default). */
  defaultSender: string;
  /** Default message lifetime when `valid` is not given. */
  defaultValidityHours: number;
  /** How long a verified credential stays cached, so the slow password hash runs rarely. */
  credentialCacheSeconds: number;
  /** How long a tariff plan's rules are reused before they are read again (changes from another process). */
  tariffCacheSeconds: number;
  /** UTC offset of Moscow time, which `tz` and SMSC dates are relative to (spec §3.1). */
  moscowUtcOffsetMinutes: number;
  /** How often the dispatcher looks for due messages, and how many it claims at once. */
  dispatchIntervalMs: number;
  dispatchBatchSize: number;
  /** How long a claimed message stays leased to one dispatcher before others may reclaim it. */
  leaseMs: number;
  /** How long a receipt that matched no part is matched again; after that it stays stored, counted as unmatched. */
  orphanReceiptHoldHours: number;
  simulator: SimulatorConfig;
  /** The ways out (docs/connectors.md); names are unique. */
  connectors: ConnectorConfig[];
  /** Ordered routing rules over `connectors`; a message no rule matches ends as 25/248. */
  routes: RouteRule[];
  limits: LimitsConfig;
}

export const DEFAULT_CONFIG: Config = {
  host: '127.0.0.1',
  port: 8080,
  db: 'data/opensmsc.sqlite',
  sqliteSynchronous: 'FULL',
  bodyLimitBytes: 1024 * 1024,
  tlsCertFile: '',
  tlsKeyFile: '',
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 30_000,
  // Longer than the 60 s idle timeout common in load balancers, so the proxy, not we, closes a reused connection.
  keepAliveTimeoutMs: 72_000,
  trustProxy: '',
  currency: 'RUB',
  smsSegmentPriceMinor: 150,
  emailPriceMinor: 10,
  defaultSender: '',
  undeliverablePrefixes: [],
  defaultValidityHours: 24,
  credentialCacheSeconds: 60,
  tariffCacheSeconds: 10,
  moscowUtcOffsetMinutes: 180,
  dispatchIntervalMs: 200,
  dispatchBatchSize: 200,
  leaseMs: 30_000,
  orphanReceiptHoldHours: 7 * 24,
  simulator: { submitDelayMs: 200, receiptDelayMs: 1000 },
  connectors: DEFAULT_DELIVERY.connectors,
  routes: DEFAULT_DELIVERY.routes,
  limits: {
    identicalSendsPerMinute: 1,
    identicalCostQueriesPerMinute: 5,
    statusPerMessagePerMinute: 5,
    statusMassPerMinute: 1,
    balancePerMinute: 10,
    identicalHistoryPerMinute: 3,
    historyPerHour: 30,
    identicalPriceQueriesPerMinute: 3,
    identicalOperatorQueriesPerMinute: 3,
    operatorQueriesPerMinute: 100,
    concurrentPerLogin: 15,
    concurrentStatusPerLogin: 5,
    failedLoginsToBlock: 5,
    failedLoginWindowSeconds: 30 * 60,
    failedLoginBlockSeconds: 30 * 60,
    erroneousSendsToBlock: 100,
    erroneousSendWindowSeconds: 10 * 60,
    erroneousSendBlockSeconds: 10 * 60,
  },
};

/** What the command line may set; each wins over file and environment. */
export interface ConfigOverrides {
  configFile?: string;
  host?: string;
  port?: number | string;
  db?: string;
}

/** A config file may give prices as decimal strings ("1.50"), and connectors with only some settings. */
interface FileConfig extends Partial<Omit<Config, 'simulator' | 'limits' | 'connectors' | 'routes'>> {
  smsSegmentPrice?: string;
  emailPrice?: string;
  simulator?: Partial<SimulatorConfig>;
  limits?: Partial<LimitsConfig>;
  connectors?: unknown;
  routes?: unknown;
}

/** Builds and validates the configuration; throws a readable Error when it is invalid. */
export function loadConfig(overrides: ConfigOverrides = {}, env: NodeJS.ProcessEnv = process.env): Config {
  const file = readConfigFile(overrides.configFile ?? env.OPENSMSC_CONFIG);
  const { smsSegmentPrice, emailPrice, simulator, limits, connectors, routes, ...plain } = file;
  const delivery = parseDeliveryConfig({ connectors, routes });
  if (isFailure(delivery)) throw new Error(`config: ${delivery.err.message}`);
  const config: Config = {
    ...DEFAULT_CONFIG,
    ...plain,
    simulator: { ...DEFAULT_CONFIG.simulator, ...simulator },
    connectors: delivery.connectors,
    routes: delivery.routes,
    limits: { ...DEFAULT_CONFIG.limits, ...limits },
  };
  if (smsSegmentPrice !== undefined) config.smsSegmentPriceMinor = moneyOrThrow('smsSegmentPrice', smsSegmentPrice);
  if (emailPrice !== undefined) config.emailPriceMinor = moneyOrThrow('emailPrice', emailPrice);
  config.host = overrides.host ?? env.HOST ?? config.host;
  config.port = Number(overrides.port ?? env.PORT ?? config.port);
  config.db = overrides.db ?? env.OPENSMSC_DB ?? config.db;
  config.tlsCertFile = env.OPENSMSC_TLS_CERT ?? config.tlsCertFile;
  config.tlsKeyFile = env.OPENSMSC_TLS_KEY ?? config.tlsKeyFile;
  config.trustProxy = env.OPENSMSC_TRUST_PROXY ?? config.trustProxy;
  validate(config);
  return config;
}

function readConfigFile(path: string | undefined): FileConfig {
  if (!path) return {};
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as FileConfig;
  } catch (e) {
    throw new Error(`cannot read config file ${path}: ${(e as Error).message}`);
  }
}

function moneyOrThrow(name: string, text: string): number {
  const minor = parseMoney(text);
  if (minor === undefined || minor < 0) throw new Error(`config ${name}: "${text}" is not an amount like 1.50`);
  return minor;
}

function validate(config: Config): void {
  if (!Number.isInteger(config.port) || config.port < 0 || config.port > 65535) {
    throw new Error(`port must be 0..65535, got ${config.port}`);
  }
  if (!config.db) throw new Error('db must be a file path or a postgres:// URL');
  if (!Array.isArray(config.undeliverablePrefixes) || !config.undeliverablePrefixes.every((p) => /^[0-9]{1,15}$/.test(p))) {
    throw new Error('undeliverablePrefixes must be a list of digit strings');
  }
  if (!['NORMAL', 'FULL'].includes(config.sqliteSynchronous)) {
    throw new Error('sqliteSynchronous must be NORMAL or FULL');
  }
  const { dispatchIntervalMs, dispatchBatchSize, leaseMs, orphanReceiptHoldHours } = config;
  const numbers = { ...config.limits, ...config.simulator, dispatchIntervalMs, dispatchBatchSize, leaseMs, orphanReceiptHoldHours };
  for (const [name, value] of Object.entries(numbers)) {
    if (!Number.isFinite(value) || value < 0) throw new Error(`${name} must be a non-negative number`);
  }
  validateConnectionSettings(config);
}

/** Timeouts are positive, headers cannot outlast the request (node refuses it); trustProxy is addresses, normalised in place. */
function validateConnectionSettings(config: Config): void {
  const { headersTimeoutMs, requestTimeoutMs, keepAliveTimeoutMs } = config;
  for (const [name, value] of Object.entries({ headersTimeoutMs, requestTimeoutMs, keepAliveTimeoutMs })) {
    if (!Number.isInteger(value) || value <= 0) throw new Error(`${name} must be a positive whole number of milliseconds`);
  }
  if (headersTimeoutMs > requestTimeoutMs) throw new Error('headersTimeoutMs must not exceed requestTimeoutMs');
  const proxies = typeof config.trustProxy === 'string' ? normaliseAllowlist(config.trustProxy) : { error: 'invalidAllowlist', entry: String(config.trustProxy) };
  if ('error' in proxies) throw new Error(`trustProxy must be comma-separated proxy IPs or CIDRs, not "${proxies.entry}"`);
  config.trustProxy = proxies.allowlist;
}
